import { View } from '@tarojs/components'
import { PageBody } from 'bench-page-body'

export default function Index() {
  return (
    <View className='bench'>
      <PageBody />
    </View>
  )
}
