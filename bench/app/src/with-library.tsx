// <CosUploader> on its own. In H5 the query string points it at the bench's emulator and STS service
// (?sts=…&endpoint=…&count=…); the bench listens on window.benchUploaded(keys) for the uploaded object keys.
import Taro from '@tarojs/taro'
import { CosUploader } from '../../../src/lib'

const query = new URLSearchParams(typeof location === 'undefined' ? '' : location.search)
const stsUrl = query.get('sts') || ''
const count = Number(query.get('count') || 20)

const getCredentials = async () => (await Taro.request({ url: `${stsUrl}/sts`, method: 'GET' })).data

const report = (keys: string[]) => {
  const page = globalThis as { benchUploaded?: (keys: string[]) => void }
  page.benchUploaded?.(keys)
}

export function PageBody() {
  return (
    <CosUploader
      bucket={query.get('bucket') || 'examplebucket-1250000000'}
      region={query.get('region') || 'ap-guangzhou'}
      endpoint={query.get('endpoint') || undefined}
      getCredentials={getCredentials}
      prefix='uploads/bench/ours/'
      maxCount={count}
      count={count}
      previewable={false}
      onChange={(value) => report(value.map((item) => item.key))}
    />
  )
}
