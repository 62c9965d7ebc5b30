// forcePathStyle: `<region domain>/<bucket>/<key>`, with the bucket in the signed path. Only buckets
// created before 2024 accept it on real COS; the emulator accepts it for legacybucket-1250000000.
import { Text, View } from '@tarojs/components'
import { DemoUploader } from '../demo-kit/DemoUploader'
import { useEventLog } from '../demo-kit/EventLog'
import { stsCredentials } from '../demo-kit/sts'
import { PATH_STYLE_BUCKET } from '../demo-kit/settings'

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
