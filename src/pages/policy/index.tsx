// getPostPolicy: the server signs each PostObject form; the device never holds a key, not even a temporary one.
import { Text, View } from '@tarojs/components'
import { CosUploader } from '../../lib/react'
import { demoEnv } from '../demo-kit/env'
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
        <CosUploader
          bucket={demoEnv.bucket}
          region={demoEnv.region}
          endpoint={demoEnv.endpoint}
          getPostPolicy={getPostPolicy}
          prefix='uploads/policy/'
          onSuccess={(item) => log(`done ${item.key}`)}
          onError={(error) => log(`error ${error.code}: ${error.diagnosis.message['zh-CN']}`)}
        />
      </View>
      {view}
    </View>
  )
}
