/** @jest-environment jsdom */
// The oldest Taro the peer ranges allow (^3.6.40): the last 3.x.
import { describeConsumerApp } from './consumer-app'

describeConsumerApp('taro-3.6.40', { taro: '3.6.40', react: /^18\./ })
