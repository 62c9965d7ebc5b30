export default definePageConfig({ navigationBarTitleText: 'Host probe' })
