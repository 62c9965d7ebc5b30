// Virtual-hosted upload with a temporary key signed on the device: progress, retry, delete, save to album.
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { type Locale } from '../../lib/core/messages'
import { DemoUploader } from '../demo-kit/DemoUploader'
import { useEventLog } from '../demo-kit/EventLog'
import { stsCredentials } from '../demo-kit/sts'
import { useDemoTarget } from '../demo-kit/target'

const getCredentials = stsCredentials()

export default function Basic() {
  const [locale, setLocale] = useState<Locale>('zh-CN')
  const { log, view } = useEventLog()
  const { target } = useDemoTarget()
  return (
    <View className='demo'>
      <Text className='demo-title'>{locale === 'en' ? 'Basic upload' : '基础上传'}</Text>
      <Text className='demo-note'>{`${target ? `${target.bucket} · ${target.region} · ` : ''}prefix uploads/basic/`}</Text>
      <View className='demo-button demo-locale' onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
        {locale === 'en' ? '中文' : 'English'}
      </View>
      <View className='demo-section'>
        <DemoUploader getCredentials={getCredentials} prefix='uploads/basic/' saveable locale={locale} log={log} />
      </View>
      {view}
    </View>
  )
}
