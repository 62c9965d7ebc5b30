export default definePageConfig({ navigationBarTitleText: 'Controlled form' })
