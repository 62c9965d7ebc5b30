// The host layer on its own, on every host build: what this host can do (each "off" with its reason), and a
// tap → pick → upload with progress → result. On a gated host (QQ) it shows the reason instead of the button.
import { Button, Progress, Text, View } from '@tarojs/components'
import { useMemo, useState } from 'react'
import { resolveEndpoint } from '../../lib/core/url'
import { createTaroHost } from '../../lib/hosts/taro'
import type { CapabilityName } from '../../lib/hosts'
import { signedPostForm } from '../demo-kit/sts'
import { demoTarget } from '../demo-kit/target'

const NAMES: CapabilityName[] = ['pick', 'upload', 'progress', 'abort', 'saveToAlbum', 'compress']

export default function Probe() {
  const host = useMemo(() => createTaroHost(), [])
  const caps = useMemo(() => host.capabilities(), [host])
  const [status, setStatus] = useState('idle')
  const [percent, setPercent] = useState(0)

  async function pickAndUpload() {
    try {
      setStatus('picking')
      const [file] = await host.chooseImages({ count: 1 })
      if (!file) return setStatus('canceled')
      const key = `uploads/probe/${Date.now()}${/\.(jpe?g|png|gif|webp)$/i.exec(file.name || '')?.[0] ?? '.jpg'}`
      const { fields: formData } = await signedPostForm(key, file)
      const { bucket, region, endpoint } = await demoTarget()
      const { baseUrl } = resolveEndpoint({ bucket, region, endpoint })
      setStatus('uploading')
      const task = host.uploadForm({ url: baseUrl, formData, filePath: file.path, fileName: file.name })
      task.onProgress((progress) => setPercent(Math.round(progress.percent)))
      const response = await task.response
      setStatus(`done:${response.statusCode}`)
    } catch (error) {
      setStatus(`error:${(error as { code?: string }).code ?? String(error)}`)
    }
  }

  const gate = caps.upload.reason ?? caps.pick.reason
  return (
    <View className='probe'>
      <Text className='probe-host'>{`host:${host.id}`}</Text>
      {NAMES.map((name) => (
        <Text key={name} className='probe-cap'>
          {`${name}:${caps[name].supported ? 'on' : 'off'}${caps[name].reason ? ` (${caps[name].reason!.code})` : ''}`}
        </Text>
      ))}
      {caps.upload.supported && caps.pick.supported
        ? <Button className='probe-upload' onClick={pickAndUpload}>选择并上传 Pick and upload</Button>
        : <Text className='probe-gate'>{`${gate?.code}: ${gate?.message['zh-CN'] ?? ''} / ${gate?.message.en ?? ''}`}</Text>}
      <Progress className='probe-progress' percent={percent} />
      <Text className='probe-percent'>{`progress:${percent}`}</Text>
      <Text className='probe-status'>{`status:${status}`}</Text>
    </View>
  )
}
