// A real client nobody here wrote: the official cos-nodejs-sdk-v5, pointed at the emulator through its Proxy
// option (absolute-form requests with real COS host names and signatures), virtual-hosted, with a root key and
// with STS temporary keys; and the official mini-program SDK, cos-wx-sdk-v5, whose postObject sends the Signature form.
import COS from 'cos-nodejs-sdk-v5'
import { startEmulator, type RunningEmulator } from '../../server/emulator'
import { startSts, type RunningSts } from '../../server/sts'
import { BUCKET, send } from '../server/http'

let emulator: RunningEmulator
let sts: RunningSts

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true })
  sts = await startSts({ emulator, quiet: true, scope: {
    actions: ['name/cos:PutObject', 'name/cos:GetObject', 'name/cos:HeadObject', 'name/cos:DeleteObject'], allowPrefix: ['uploads/'] } })
})
afterAll(async () => {
  await sts.close()
  await emulator.close()
})

type Call = (params: Record<string, unknown>, callback: (error: any, data: any) => void) => void
const call = (cos: COS, method: string, params: Record<string, unknown>): Promise<any> =>
  new Promise((resolve, reject) => ((cos as unknown as Record<string, Call>)[method]).call(cos, { Bucket: BUCKET, Region: emulator.region, ...params },
    (error, data) => (error ? reject(error) : resolve(data))))

const proxied = (options: Record<string, unknown>) =>
  new COS({ Protocol: 'http:', Proxy: `http://127.0.0.1:${emulator.port}`, ...options } as never)

async function roundTrip(cos: COS, key: string): Promise<void> {
  const body = Buffer.from(`official sdk ${key}`)
  const put = await call(cos, 'putObject', { Key: key, Body: body, ContentType: 'text/plain' })
  expect(put.statusCode).toBe(200)
  expect(await emulator.readObject(BUCKET, key)).toEqual(body)

  const got = await call(cos, 'getObject', { Key: key })
  expect(Buffer.from(got.Body)).toEqual(body)
  expect(got.headers['content-type']).toBe('text/plain')

  const head = await call(cos, 'headObject', { Key: key })
  expect(head.statusCode).toBe(200)
  expect(head.headers['content-length']).toBe(String(body.length))
  expect(head.ETag).toBe(put.ETag)

  const url = await call(cos, 'getObjectUrl', { Key: key, Sign: true })
  const parsed = new URL(url.Url)
  expect(parsed.host).toBe(`${BUCKET}.cos.${emulator.region}.myqcloud.com`)
  const viaUrl = await send(emulator.url, { path: url.Url, headers: { host: parsed.host } })
  expect(viaUrl.text).toBe(body.toString())

  const deleted = await call(cos, 'deleteObject', { Key: key })
  expect(deleted.statusCode).toBe(204)
  expect(await emulator.readObject(BUCKET, key)).toBeUndefined()
}

it('refuses ForcePathStyle (v3), so virtual-hosted through Proxy is the way in', () => {
  expect(() => new COS({ SecretId: 'a', SecretKey: 'b', ForcePathStyle: true } as never)).toThrow(/ForcePathStyle/)
})

it('putObject, getObject, headObject, getObjectUrl and deleteObject with the root key', async () => {
  await roundTrip(proxied({ SecretId: emulator.rootKey.secretId, SecretKey: emulator.rootKey.secretKey }), 'uploads/root key/a+b.txt')
})

it('the same with STS temporary keys from the STS service', async () => {
  const cos = proxied({
    getAuthorization: (_options: unknown, callback: (credentials: unknown) => void) => {
      fetch(sts.url + '/sts').then((response) => response.json()).then((answer: any) => callback({
        TmpSecretId: answer.credentials.tmpSecretId, TmpSecretKey: answer.credentials.tmpSecretKey,
        SecurityToken: answer.credentials.sessionToken, StartTime: answer.startTime, ExpiredTime: answer.expiredTime,
      }))
    },
  })
  await roundTrip(cos, 'uploads/sts/photo 1.jpg')
  const outside = await call(cos, 'putObject', { Key: 'private/x.txt', Body: Buffer.from('x') }).catch((error) => error)
  expect({ statusCode: outside.statusCode, code: outside.code }).toEqual({ statusCode: 403, code: 'AccessDenied' })
})

it('a tampered SecretId gets 403 InvalidAccessKeyId; a tampered secret 403 SignatureDoesNotMatch', async () => {
  const wrongId = proxied({ SecretId: 'AKIDtampered000000000000000000000', SecretKey: emulator.rootKey.secretKey })
  const idError = await call(wrongId, 'putObject', { Key: 'uploads/t.txt', Body: Buffer.from('x') }).catch((error) => error)
  expect({ statusCode: idError.statusCode, code: idError.code }).toEqual({ statusCode: 403, code: 'InvalidAccessKeyId' })

  const wrongKey = proxied({ SecretId: emulator.rootKey.secretId, SecretKey: emulator.rootKey.secretKey.replace(/.$/, '!') })
  const keyError = await call(wrongKey, 'getObject', { Key: 'uploads/t.txt' }).catch((error) => error)
  expect({ statusCode: keyError.statusCode, code: keyError.code }).toEqual({ statusCode: 403, code: 'SignatureDoesNotMatch' })
  expect(await emulator.readObject(BUCKET, 'uploads/t.txt')).toBeUndefined()
})

describe('cos-wx-sdk-v5 postObject (the official mini-program SDK) over the fake wx host', () => {
  // The only mock is the host: wx.uploadFile from test/support/fake-hosts does a real multipart POST.
  const { createFakeHost, addPhoto, tempPath } = require('../support/fake-hosts') as typeof import('../support/fake-hosts')
  const g = globalThis as Record<string, unknown>
  let saved: unknown

  beforeAll(() => {
    saved = g.wx
  })
  afterAll(() => {
    g.wx = saved
  })

  function wxSdk(getAuthorization: (options: unknown, callback: (credentials: unknown) => void) => void) {
    const { api, device } = createFakeHost('weapp')
    // What the SDK touches while loading, beyond the fake host, in wx's documented shapes: getFileSystemManager()
    // → FileSystemManager, canIUse(schema) → boolean, getNetworkType({ success }).
    g.wx = {
      getFileSystemManager: () => ({ readFile() {}, readFileSync: () => new ArrayBuffer(0), stat() {} }),
      canIUse: () => true,
      getNetworkType: (options: { success?: (result: { networkType: string }) => void }) => options.success?.({ networkType: 'wifi' }),
      ...api,
    }
    const WxCos = require('cos-wx-sdk-v5/index.js')
    const cos = new WxCos({ Protocol: 'http:', Domain: `{Bucket}.cos.{Region}.localhost:${emulator.port}`, getAuthorization })
    const post = (key: string, filePath: string): Promise<any> => new Promise((resolve) => cos.postObject(
      { Bucket: BUCKET, Region: emulator.region, Key: key, FilePath: filePath },
      // This SDK parses the XML error body into error.error (Code, Message, RequestId…).
      (error: any, data: any) => resolve(error ? { error: { statusCode: error.statusCode, code: error.error?.Code, message: error.error?.Message } } : data)))
    return { device, post }
  }

  it('uploads with STS keys through the Signature form field, and is refused outside the scope', async () => {
    const { device, post } = wxSdk((_options, callback) => {
      fetch(sts.url + '/sts').then((response) => response.json()).then((answer: any) => callback({
        TmpSecretId: answer.credentials.tmpSecretId, TmpSecretKey: answer.credentials.tmpSecretKey,
        SecurityToken: answer.credentials.sessionToken, StartTime: answer.startTime, ExpiredTime: answer.expiredTime,
      }))
    })
    sts.setScope({ actions: ['name/cos:PostObject'], allowPrefix: ['uploads/'] })
    const photo = addPhoto(device, 'photo.jpg', 50000)
    const done = await post('uploads/wx/a b+c.jpg', tempPath(device, 'photo.jpg'))
    expect(done.statusCode).toBe(200)
    expect(await emulator.readObject(BUCKET, 'uploads/wx/a b+c.jpg')).toEqual(photo.bytes)
    const sent = device.calls.find((call) => call.api === 'uploadFile')!.options
    expect(Object.keys(sent.formData as object)).toEqual(expect.arrayContaining(['key', 'Signature', 'x-cos-security-token']))

    const refused = await post('private/a.jpg', tempPath(device, 'photo.jpg'))
    expect(refused.error).toEqual({ statusCode: 403, code: 'AccessDenied', message: 'Access Denied.' })
    expect(await emulator.readObject(BUCKET, 'private/a.jpg')).toBeUndefined()
  })
})
