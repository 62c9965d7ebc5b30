// The last few uploader events, so a demo shows what the callbacks receive.
import { Text, View } from '@tarojs/components'
import { useCallback, useState } from 'react'

export function useEventLog(limit = 6) {
  const [lines, setLines] = useState<string[]>([])
  const log = useCallback((line: string) => setLines((all) => [line, ...all].slice(0, limit)), [limit])
  const view = (
    <View className='demo-section'>
      {lines.map((line, index) => <Text key={index} className='demo-log'>{line}</Text>)}
    </View>
  )
  return { log, view }
}
