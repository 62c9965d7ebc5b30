export default definePageConfig({ navigationBarTitleText: 'Error playground' })
