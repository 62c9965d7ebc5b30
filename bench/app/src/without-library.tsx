// The weapp size baseline: the same page with a plain button where the uploader would be.
import { View } from '@tarojs/components'

export function PageBody() {
  return <View className='cos-uploader__add'>+</View>
}
