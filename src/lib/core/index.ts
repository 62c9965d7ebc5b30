// The core entry, `taro-cos-uploader/core`: what a device needs, named one by one. Tools for Node (the Node transport,
// detailed signing, the StringToSign diff, allowlists, the legacy form) are in `taro-cos-uploader/node`.
export {
  CosUploaderError, InvalidInputError, CosServiceError, HostError, CredentialsError, isCosUploaderError,
  type CosErrorBody, type Diagnosis, type ErrorKind, type Locale, type LocalizedText,
} from './errors'
export { registerLocale, type LocalePack, type MessageId } from './messages'
export { createUploader } from './upload/engine'
export type {
  PickedFile, ServerSignedForm, TaskStatus, UploadedItem, UploadEvent, Uploader, UploaderOptions, UploadTarget,
  UploadTaskState, ExpiringUrl,
} from './upload/types'
export { CredentialSession, normalizeCredentials, type CredentialSessionOptions, type TemporaryCredentials } from './credentials'
export {
  DEFAULT_IDLE_TIMEOUT_MS, abortSignal,
  type AbortSignalLike, type FormTransport, type FormUploadRequest, type FormUploadResponse, type FormUploadTask,
  type HeadRequest, type HeadResponse, type UploadProgress,
} from './transport'
export { getObjectUrl, objectUrl, resolveEndpoint, type CosLocation, type ResolvedEndpoint } from './url'
export { signRequest, type SignRequestInput } from './sign'
export { diagnoseCosError, errorFromResponse, type DiagnosisContext } from './diagnose'
