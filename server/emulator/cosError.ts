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
