import { View, Text } from '@tarojs/components'

export default function Index() {
  return (
    <View className='demo'>
      <Text className='demo-title'>taro-cos-uploader</Text>
      <Text className='demo-host'>host: {process.env.TARO_ENV}</Text>
    </View>
  )
}
