// What the H5 build aliases @tarojs/taro to: the real taro-h5, with its named APIs merged into the default
// export (the H5 build gets the same effect from babel-plugin-transform-taroapi).
import taro from '@tarojs/taro-h5'
import * as api from '@tarojs/taro-h5'
import * as hooks from '@tarojs/plugin-framework-react/dist/runtime'

export * from '@tarojs/taro-h5'
export * from '@tarojs/plugin-framework-react/dist/runtime'
export default Object.assign(taro, api, hooks)
