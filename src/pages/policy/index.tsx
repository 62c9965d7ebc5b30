// getPostPolicy: the server signs each PostObject form; the device never holds a key, not even a temporary one.
import { Text, View } from '@tarojs/components'
import { DemoUploader } from '../demo-kit/DemoUploader'
import { useEventLog } from '../demo-kit/EventLog'
import { serverPostPolicy } from '../demo-kit/sts'

const getPostPolicy = serverPostPolicy()

export default function Policy() {
  const { log, view } = useEventLog()
  return (
    <View className='demo'>
      <Text className='demo-title'>服务端签名 Server-signed policy</Text>
      <Text className='demo-note'>POST /post-policy → policy + q-signature fields</Text>
      <View className='demo-section'>
        <DemoUploader getPostPolicy={getPostPolicy} prefix='uploads/policy/' log={log} />
      </View>
      {view}
    </View>
  )
}
