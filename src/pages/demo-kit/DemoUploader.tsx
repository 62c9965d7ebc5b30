// <CosUploader> pointed at the demo's bucket (demoEnv), logging successes and failures to the page's event log.
import { forwardRef } from 'react'
import { CosUploader, type CosUploaderProps, type CosUploaderRef } from '../../lib/react'
import { demoEnv } from './env'

export type DemoUploaderProps = Partial<CosUploaderProps> & { log?: (line: string) => void }

export const DemoUploader = forwardRef<CosUploaderRef, DemoUploaderProps>(function DemoUploader({ log, ...props }, ref) {
  const locale = props.locale ?? 'zh-CN'
  return (
    <CosUploader
      ref={ref}
      bucket={demoEnv.bucket}
      region={demoEnv.region}
      endpoint={demoEnv.endpoint}
      onSuccess={(item) => log?.(`done ${item.key} (${item.size} B)`)}
      onError={(error) => log?.(`${error.code}: ${error.diagnosis.message[locale]}`)}
      {...props}
    />
  )
})
