export default definePageConfig({ navigationBarTitleText: 'Basic upload' })
