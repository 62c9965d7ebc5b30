// <CosUploader> pointed at the demo's bucket (learned from the STS service at run time), logging successes and
// failures to the page's event log.
import { Text } from '@tarojs/components'
import { forwardRef } from 'react'
import { CosUploader, type CosUploaderProps, type CosUploaderRef } from '../../lib/react'
import { useDemoTarget } from './target'

export type DemoUploaderProps = Partial<CosUploaderProps> & { log?: (line: string) => void }

export const DemoUploader = forwardRef<CosUploaderRef, DemoUploaderProps>(function DemoUploader({ log, ...props }, ref) {
  const locale = props.locale ?? 'zh-CN'
  const { target, problem } = useDemoTarget()
  if (!target) {
    return (
      <Text className='demo-note demo-target-problem'>
        {problem ? `${problem}. Run \`npm start\`, or set the STS address on the home page.` : '…'}
      </Text>
    )
  }
  return (
    <CosUploader
      ref={ref}
      bucket={target.bucket}
      region={target.region}
      // Path style addresses the region domain; a bucket placeholder in the template would defeat it.
      endpoint={props.forcePathStyle ? target.endpoint.replace('{bucket}.', '') : target.endpoint}
      onSuccess={(item) => log?.(`done ${item.key} (${item.size} B)`)}
      onError={(error) => log?.(`${error.code}: ${error.diagnosis.message[locale]}`)}
      {...props}
    />
  )
})
