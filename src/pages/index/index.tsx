import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { StsSetting } from '../demo-kit/StsSetting'
import './index.css'

const DEMOS = [
  { path: '/pages/basic/index', title: '基础上传 Basic upload', note: 'virtual-hosted, temporary key signed on the device' },
  { path: '/pages/path-style/index', title: '路径式 Path style', note: 'forcePathStyle: bucket in the path' },
  { path: '/pages/policy/index', title: '服务端签名 Server-signed policy', note: 'getPostPolicy: the secret stays on the server' },
  { path: '/pages/form/index', title: '表单 Controlled form', note: 'value/onChange; submit waits for uploads' },
  { path: '/pages/errors/index', title: '错误演示 Error playground', note: 'every diagnosed failure, on purpose' },
]

export default function Index() {
  return (
    <View className='demo'>
      <Text className='demo-title'>taro-cos-uploader</Text>
      <Text className='demo-host'>{`host: ${process.env.TARO_ENV}`}</Text>
      <StsSetting />
      {DEMOS.map((demo) => (
        <View key={demo.path} className='demo-link' onClick={() => Taro.navigateTo({ url: demo.path })}>
          <Text className='demo-link-title'>{demo.title}</Text>
          <Text className='demo-note'>{demo.note}</Text>
        </View>
      ))}
    </View>
  )
}
