export default definePageConfig({ navigationBarTitleText: 'bench' })
