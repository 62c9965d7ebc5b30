// The size baseline: the same page with the Taro components <CosUploader> renders (View, Text, Image, Progress) and
// the same app code (its STS fetch, called from the add button), and no library, so that the difference is the
// library's own bytes.
import { Image, Progress, Text, View } from '@tarojs/components'
import { getCredentials } from './credentials'

export function PageBody() {
  return (
    <View className='cos-uploader'>
      <View className='cos-uploader__tile'>
        <Image className='cos-uploader__image' src='' mode='aspectFill' />
        <Progress className='cos-uploader__progress' percent={0} strokeWidth={4} />
        <Text className='cos-uploader__status'>0%</Text>
      </View>
      <View className='cos-uploader__add' onClick={getCredentials}>+</View>
    </View>
  )
}
