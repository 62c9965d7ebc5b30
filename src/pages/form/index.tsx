// A controlled form: `value`/`onChange` hold the uploaded items, `onQueueChange` tells the form whether
// anything is still uploading, and submit stays disabled until it isn't.
import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { type UploadedItem, type UploadTaskState } from '../../lib/core/upload/types'
import { DemoUploader } from '../demo-kit/DemoUploader'
import { stsCredentials } from '../demo-kit/sts'

const getCredentials = stsCredentials()
const BUSY = ['queued', 'signing', 'uploading', 'processing']

export default function Form() {
  const [title, setTitle] = useState('')
  const [photos, setPhotos] = useState<UploadedItem[]>([])
  const [busy, setBusy] = useState(0)
  const [submitted, setSubmitted] = useState<string>()
  const ready = busy === 0 && photos.length > 0 && title.trim() !== ''

  return (
    <View className='demo'>
      <Text className='demo-title'>表单 Controlled form</Text>
      <View className='demo-section'>
        <Input className='form-title' placeholder='标题 Title' value={title} onInput={(event) => setTitle(event.detail.value)} />
      </View>
      <View className='demo-section'>
        <DemoUploader
          getCredentials={getCredentials}
          prefix='uploads/form/'
          maxCount={3}
          value={photos}
          onChange={setPhotos}
          onQueueChange={(tasks: UploadTaskState[]) => setBusy(tasks.filter((task) => BUSY.includes(task.status)).length)}
        />
        <Text className='demo-note form-status'>
          {busy > 0 ? `上传中 ${busy} 张… Uploading ${busy}` : `${photos.length}/3 张已上传 uploaded`}
        </Text>
      </View>
      <View
        className={`demo-button form-submit${ready ? '' : ' demo-button--off'}`}
        onClick={() => ready && setSubmitted(JSON.stringify({ title, photos: photos.map((photo) => photo.key) }))}
      >
        提交 Submit
      </View>
      {submitted && <Text className='demo-log form-submitted'>{submitted}</Text>}
    </View>
  )
}
