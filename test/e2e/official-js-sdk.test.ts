// The official browser SDK, cos-js-sdk-v5, in Chromium against the emulator: virtual-hosted `*.localhost`
// addressing, real CORS preflights, STS keys fetched cross-origin from the STS service. Version 1.10.1 has no
// postObject, so the browser PostObject cases send FormData signed by the SDK's own COS.getAuthorization (the
// Signature form the official mini-program SDK posts) and by the STS service's /post-policy.
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { startDemoServer, type RunningDemoServer } from '../../server/demo-server'
import { startEmulator, type RunningEmulator } from '../../server/emulator'
import { startSts, type RunningSts } from '../../server/sts'
import { launchChromium, type LaunchedChromium } from '../support/chromium'

const BUCKET = 'examplebucket-1250000000'

let emulator: RunningEmulator
let sts: RunningSts
let site: RunningDemoServer
let siteDir: string
let browser: LaunchedChromium
let page: Page

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true })
  siteDir = await fs.mkdtemp(join(tmpdir(), 'cos-js-sdk-page-'))
  await fs.copyFile(require.resolve('cos-js-sdk-v5/dist/cos-js-sdk-v5.min.js'), join(siteDir, 'cos.js'))
  await fs.writeFile(join(siteDir, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="/cos.js"></script><p>cos-js-sdk-v5</p>')
  site = await startDemoServer({ root: siteDir })
  const origin = site.url.replace(/\/$/, '')
  sts = await startSts({ emulator, quiet: true, corsOrigins: [origin], scope: {
    actions: ['name/cos:PostObject', 'name/cos:PutObject', 'name/cos:GetObject', 'name/cos:HeadObject', 'name/cos:DeleteObject'],
    allowPrefix: ['uploads/'] } })
  browser = await launchChromium()
  page = await browser.context.newPage()
  await page.goto(site.url)
}, 60000)

afterAll(async () => {
  await browser?.close()
  await Promise.all([sts?.close(), site?.close(), emulator?.close()])
  await fs.rm(siteDir, { recursive: true, force: true })
})

const settings = () => ({ stsUrl: sts.url, domain: `{Bucket}.cos.{Region}.localhost:${emulator.port}`, bucket: BUCKET, region: emulator.region })

it('putObject, headObject, getObject and deleteObject from the browser with STS keys', async () => {
  const result = await page.evaluate(async ({ stsUrl, domain, bucket, region }) => {
    const COS = (window as any).COS
    const cos = new COS({
      Protocol: 'http:',
      Domain: domain,
      getAuthorization: (_: unknown, callback: (c: unknown) => void) => {
        fetch(stsUrl + '/sts').then((r) => r.json()).then((d) => callback({ TmpSecretId: d.credentials.tmpSecretId,
          TmpSecretKey: d.credentials.tmpSecretKey, SecurityToken: d.credentials.sessionToken, StartTime: d.startTime, ExpiredTime: d.expiredTime }))
      },
    })
    const call = (method: string, params: object) => new Promise<any>((resolve) =>
      cos[method]({ Bucket: bucket, Region: region, ...params }, (error: any, data: any) => resolve(error ? { error: { statusCode: error.statusCode, code: error.code } } : data)))
    const bytes = new Uint8Array(300000).map((_, i) => (i * 7) % 256)
    const progress: number[] = []
    const put = await call('putObject', { Key: 'uploads/browser/put.bin', Body: new Blob([bytes]), onProgress: (p: any) => progress.push(p.percent) })
    const head = await call('headObject', { Key: 'uploads/browser/put.bin' })
    const got = await call('getObject', { Key: 'uploads/browser/put.bin', DataType: 'arraybuffer' })
    const same = new Uint8Array(got.Body).every((value, i) => value === bytes[i]) && got.Body.byteLength === bytes.length
    const outside = await call('putObject', { Key: 'private/put.bin', Body: new Blob(['x']) })
    const deleted = await call('deleteObject', { Key: 'uploads/browser/put.bin' })
    return { put: put.statusCode, etag: put.ETag, headLength: head.headers && head.headers['content-length'], same, outside, deleted: deleted.statusCode,
      lastProgress: progress[progress.length - 1] }
  }, settings())
  expect(result).toMatchObject({ put: 200, headLength: '300000', same: true, deleted: 204, lastProgress: 1,
    outside: { error: { statusCode: 403, code: 'AccessDenied' } } })
  expect(result.etag).toMatch(/^"[0-9a-f]{32}"$/)
  expect(await emulator.readObject(BUCKET, 'uploads/browser/put.bin')).toBeUndefined()
})

it('PostObject from the browser: the Signature form signed by COS.getAuthorization', async () => {
  const result = await page.evaluate(async ({ stsUrl, domain, bucket, region }) => {
    const COS = (window as any).COS
    const d = await (await fetch(stsUrl + '/sts')).json()
    const host = domain.replace('{Bucket}', bucket).replace('{Region}', region)
    const post = async (key: string, secretKey: string) => {
      const signature = COS.getAuthorization({ SecretId: d.credentials.tmpSecretId, SecretKey: secretKey, Method: 'post', Pathname: '/',
        Headers: { host }, KeyTime: `${d.startTime};${d.expiredTime}` })
      const form = new FormData()
      form.append('key', key)
      form.append('success_action_status', '201')
      form.append('Signature', signature)
      form.append('x-cos-security-token', d.credentials.sessionToken)
      form.append('Content-Type', 'image/png')
      form.append('file', new Blob([new Uint8Array([137, 80, 78, 71, 1, 2, 3])]), 'a.png')
      const response = await fetch(`http://${host}/`, { method: 'POST', body: form })
      return { status: response.status, etag: response.headers.get('ETag'), requestId: response.headers.get('x-cos-request-id'), body: await response.text() }
    }
    return { ok: await post('uploads/browser/${filename}', d.credentials.tmpSecretKey), bad: await post('uploads/browser/bad.png', 'wrong') }
  }, settings())
  expect(result.ok.status).toBe(201)
  expect(result.ok.etag).toMatch(/^"[0-9a-f]{32}"$/)
  expect(result.ok.requestId).toBeTruthy()
  expect(result.ok.body).toContain('<Key>uploads/browser/a.png</Key>')
  expect((await emulator.readObject(BUCKET, 'uploads/browser/a.png'))?.toString('hex')).toBe('89504e47010203')
  expect(result.bad.status).toBe(403)
  expect(result.bad.body).toContain('<Code>SignatureDoesNotMatch</Code>')
})

it('PostObject from the browser with /post-policy fields; a changed key is refused', async () => {
  const result = await page.evaluate(async ({ stsUrl }) => {
    const file = new Blob([new Uint8Array(5000).fill(42)])
    const policy = await (await fetch(stsUrl + '/post-policy', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'uploads/browser/policy.bin', size: file.size }) })).json()
    const post = async (fields: Record<string, string>) => {
      const form = new FormData()
      for (const [name, value] of Object.entries(fields)) form.append(name, value)
      form.append('file', file, 'policy.bin')
      const response = await fetch(policy.url, { method: 'POST', body: form })
      return { status: response.status, body: await response.text() }
    }
    return { changed: await post({ ...policy.fields, key: 'uploads/browser/other.bin' }), ok: await post(policy.fields) }
  }, settings())
  expect(result.ok.status).toBe(204)
  expect(result.changed.status).toBe(403)
  expect(result.changed.body).toContain('<Code>AccessDenied</Code>')
  expect((await emulator.readObject(BUCKET, 'uploads/browser/policy.bin'))?.length).toBe(5000)
  expect(await emulator.readObject(BUCKET, 'uploads/browser/other.bin')).toBeUndefined()
})
