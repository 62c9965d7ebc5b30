// A COS error answer: HTTP status, Code, Message, and extra XML fields (StringToSign, FormatString…).

export class CosHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'CosHttpError'
  }
}

export const accessDenied = (message = 'Access Denied.') => new CosHttpError(403, 'AccessDenied', message)

export const malformedPost = () =>
  new CosHttpError(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.')

export const requestExpired = () => accessDenied('Request has expired')

// COS lists RequestTimeout and IncompleteBody as 400 in its error codes (doc 436/7730). It doesn't publish their
// Message texts; these are the S3 ones, whose codes COS shares.
export const requestTimeout = () => new CosHttpError(400, 'RequestTimeout',
  'Your socket connection to the server was not read from or written to within the timeout period.')

export const incompleteBody = () =>
  new CosHttpError(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.')
