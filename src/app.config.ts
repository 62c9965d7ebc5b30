export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/probe/index',
    'pages/basic/index',
    'pages/path-style/index',
    'pages/policy/index',
    'pages/form/index',
    'pages/errors/index',
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fff',
    navigationBarTitleText: 'COS Uploader',
    navigationBarTextStyle: 'black',
  },
})
