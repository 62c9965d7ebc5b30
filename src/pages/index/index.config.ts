export default definePageConfig({ navigationBarTitleText: 'COS Uploader' })
