// Pick a scenario, upload an image, tap the failed tile to read the diagnosis.
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { DemoUploader } from '../demo-kit/DemoUploader'
import { useEventLog } from '../demo-kit/EventLog'
import { SCENARIOS } from './scenarios'

export default function Errors() {
  const [current, setCurrent] = useState(SCENARIOS[0])
  const { log, view } = useEventLog()
  return (
    <View className='demo'>
      <Text className='demo-title'>错误演示 Error playground</Text>
      <View>
        {SCENARIOS.map((scenario) => (
          <View
            key={scenario.id}
            className={`demo-button scenario-${scenario.id}${scenario === current ? '' : ' demo-button--off'}`}
            onClick={() => setCurrent(scenario)}
          >
            {scenario.title}
          </View>
        ))}
      </View>
      <Text className='demo-note'>{current.expect}</Text>
      <View className='demo-section'>
        <DemoUploader
          key={current.id}
          {...current.props}
          log={log}
          onOversize={(files) => log(`onOversize: ${files.map((file) => `${file.name ?? file.path} ${file.size} B`).join(', ')}`)}
        />
      </View>
      {view}
    </View>
  )
}
