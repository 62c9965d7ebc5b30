/** @jest-environment jsdom */
// Taro's newest release (npm `latest`) with its weapp and h5 platform plugins.
import { describeConsumerApp } from './consumer-app'

describeConsumerApp('taro-4.2.1', { taro: '4.2.1', react: /^18\./ })
