// The app's own STS fetch, as the README's snippet writes it. Both pages hold it, so the size difference between
// them is the library's bytes, not the app's (on H5, Taro.request brings in Taro's fetch and jsonp shims).
import Taro from '@tarojs/taro'

const stsUrl = new URLSearchParams(typeof location === 'undefined' ? '' : location.search).get('sts') || ''

export const getCredentials = async () => (await Taro.request({ url: `${stsUrl}/sts`, method: 'GET' })).data
