export default definePageConfig({ navigationBarTitleText: 'Server-signed policy' })
