// The STS address the demo uses, changeable at run time — in WeChat DevTools an STS service on another port or
// machine needs no rebuild — and where that service says to upload.
import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { saveStsUrl, savedStsUrl, useDemoTarget } from './target'

export function StsSetting() {
  const [draft, setDraft] = useState(savedStsUrl)
  const [round, setRound] = useState(0)
  const { target, problem } = useDemoTarget(round)
  const status = target
    ? `STS ${target.stsUrl} → ${target.bucket} · ${target.region} · ${target.endpoint}`
    : problem ?? 'STS …'
  return (
    <View className='demo-section sts-setting'>
      <Text className='demo-note sts-status'>{status}</Text>
      <Input
        className='sts-url'
        placeholder='STS 地址 address (empty: the default), e.g. http://192.168.1.5:9100'
        value={draft}
        onInput={(event) => setDraft(event.detail.value)}
      />
      <View
        className='demo-button sts-save'
        onClick={() => {
          saveStsUrl(draft.trim())
          setRound(round + 1)
        }}
      >
        保存 Save
      </View>
    </View>
  )
}
