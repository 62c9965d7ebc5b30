export default definePageConfig({ navigationBarTitleText: 'Path style' })
