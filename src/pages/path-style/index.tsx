// forcePathStyle: `<region domain>/<bucket>/<key>`, with the bucket in the signed path. Only buckets
// created before 2024 accept it on real COS; the emulator accepts it for legacybucket-1250000000.
import { Text, View } from '@tarojs/components'
import { DemoUploader } from '../demo-kit/DemoUploader'
import { demoEnv, PATH_STYLE_BUCKET } from '../demo-kit/env'
import { useEventLog } from '../demo-kit/EventLog'
import { stsCredentials } from '../demo-kit/sts'

const getCredentials = stsCredentials()

export default function PathStyle() {
  const { log, view } = useEventLog()
  return (
    <View className='demo'>
      <Text className='demo-title'>路径式 Path style</Text>
      <Text className='demo-note'>{`${PATH_STYLE_BUCKET} · forcePathStyle`}</Text>
      <View className='demo-section'>
        <DemoUploader
          bucket={PATH_STYLE_BUCKET}
          // Path style addresses the region domain; a bucket placeholder in the template would defeat it.
          endpoint={demoEnv.endpoint?.replace('{bucket}.', '')}
          forcePathStyle
          getCredentials={getCredentials}
          prefix='uploads/path-style/'
          log={log}
        />
      </View>
      {view}
    </View>
  )
}
