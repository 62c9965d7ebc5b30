// `POST /post-policy`: the server signs a policy for one key and size with a temporary key; the fields upload
// as they are, and the same fields fail for a changed key, size or content type.
import { randomBytes } from 'node:crypto'
import { BUCKET, multipart, send, virtualHost, xmlField } from '../server/http'
import { useCosStack } from '../support/cos-stack'

const cos = useCosStack()

interface PolicyAnswer {
  url: string
  bucket: string
  region: string
  key: string
  fields: Record<string, string>
}

async function postPolicy(body: unknown): Promise<{ status: number; json: PolicyAnswer & { error?: { code: string } } }> {
  const response = await fetch(cos.sts.url + '/post-policy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: response.status, json: (await response.json()) as PolicyAnswer & { error?: { code: string } } }
}

function upload(fields: Record<string, string>, file: Buffer) {
  const form = multipart(fields, file)
  return send(cos.emulator.url, { method: 'POST', path: '/', headers: { host: virtualHost(cos.emulator), 'content-type': form.contentType }, body: form.body })
}

it('answers ready-signed fields for the key and size, with no secret in them', async () => {
  const { status, json } = await postPolicy({ key: 'uploads/a.jpg', size: 1234, contentType: 'image/jpeg' })
  expect(status).toBe(200)
  expect(json).toMatchObject({ url: `http://${BUCKET}.cos.${cos.emulator.region}.localhost:${cos.emulator.port}/`, bucket: BUCKET, key: 'uploads/a.jpg' })
  expect(Object.keys(json.fields).sort()).toEqual(['Content-Type', 'key', 'policy', 'q-ak', 'q-key-time', 'q-sign-algorithm', 'q-signature', 'x-cos-security-token'].sort())
  const policy = JSON.parse(Buffer.from(json.fields.policy, 'base64').toString('utf8'))
  expect(policy.conditions).toEqual(expect.arrayContaining([
    { bucket: BUCKET }, { key: 'uploads/a.jpg' }, ['content-length-range', 1234, 1234], ['starts-with', '$Content-Type', 'image/jpeg'],
  ]))
  expect(JSON.stringify(json)).not.toContain(cos.emulator.rootKey.secretKey)
})

it('uploads with those fields, and refuses the same fields with a changed key, size or content type', async () => {
  const file = randomBytes(2048)
  const { json } = await postPolicy({ key: 'uploads/b.jpg', size: file.length, contentType: 'image/png' })

  const changedKey = await upload({ ...json.fields, key: 'uploads/other.jpg' }, file)
  expect({ status: changedKey.status, code: xmlField(changedKey.text, 'Code') }).toEqual({ status: 403, code: 'AccessDenied' })
  const bigger = await upload(json.fields, Buffer.concat([file, Buffer.from('x')]))
  expect({ status: bigger.status, code: xmlField(bigger.text, 'Code') }).toEqual({ status: 400, code: 'EntityTooLarge' })
  const otherType = await upload({ ...json.fields, 'Content-Type': 'text/html' }, file)
  expect({ status: otherType.status, code: xmlField(otherType.text, 'Code') }).toEqual({ status: 403, code: 'AccessDenied' })
  expect(await cos.emulator.readObject(BUCKET, 'uploads/other.jpg')).toBeUndefined()

  expect((await upload(json.fields, file)).status).toBe(204)
  expect(await cos.emulator.readObject(BUCKET, 'uploads/b.jpg')).toEqual(file)
})

it('refuses keys outside the scope before signing anything', async () => {
  const { status, json } = await postPolicy({ key: 'private/c.jpg', size: 10 })
  expect(status).toBe(403)
  expect(json.error?.code).toBe('outside-scope')
  const before = cos.sts.fetchCount()
  expect((await postPolicy({ key: '/leading-slash.jpg', size: 10 })).status).toBe(400)
  expect((await postPolicy({ key: 'uploads/d.jpg', size: 1.5 })).status).toBe(400)
  expect((await postPolicy({ key: 'uploads/d.jpg', size: 1, contentType: 'not a type' })).status).toBe(400)
  expect(cos.sts.fetchCount()).toBe(before)
})

it('signs the uploader\'s attempt marker in as x-cos-meta-attempt, refuses a malformed one, and signs a HEAD URL for the key', async () => {
  const file = randomBytes(512)
  const { json } = await postPolicy({ key: 'uploads/e.jpg', size: file.length, attempt: 'mq1x2y3z0123456789ab' })
  expect(json.fields['x-cos-meta-attempt']).toBe('mq1x2y3z0123456789ab')
  const policy = JSON.parse(Buffer.from(json.fields.policy, 'base64').toString('utf8'))
  expect(policy.conditions).toContainEqual({ 'x-cos-meta-attempt': 'mq1x2y3z0123456789ab' })
  const otherMarker = await upload({ ...json.fields, 'x-cos-meta-attempt': 'mq1x2y3z0123456789ac' }, file)
  expect({ status: otherMarker.status, code: xmlField(otherMarker.text, 'Code') }).toEqual({ status: 403, code: 'AccessDenied' })
  expect((await upload(json.fields, file)).status).toBe(204)

  // The default scope has no HeadObject: the URL is well signed, and refused by the scope.
  const { headUrl } = json as PolicyAnswer & { headUrl: string }
  expect(headUrl).toMatch(new RegExp(`^${json.url}uploads/e\\.jpg\\?q-sign-algorithm=sha1&q-ak=`))
  const target = new URL(headUrl)
  const head = await send(cos.emulator.url, { method: 'HEAD', path: target.pathname + target.search, headers: { host: virtualHost(cos.emulator) } })
  expect(head.status).toBe(403)
  cos.sts.setScope({ actions: ['name/cos:PostObject', 'name/cos:HeadObject'], allowPrefix: ['uploads/'] })
  try {
    const { json: allowed } = await postPolicy({ key: 'uploads/e.jpg', size: file.length })
    const url = new URL((allowed as PolicyAnswer & { headUrl: string }).headUrl)
    const found = await send(cos.emulator.url, { method: 'HEAD', path: url.pathname + url.search, headers: { host: virtualHost(cos.emulator) } })
    expect({ status: found.status, marker: found.headers['x-cos-meta-attempt'] }).toEqual({ status: 200, marker: 'mq1x2y3z0123456789ab' })
  } finally {
    cos.sts.setScope({ actions: ['name/cos:PostObject', 'name/cos:GetObject'], allowPrefix: ['uploads/'] })
  }

  expect((await postPolicy({ key: 'uploads/e.jpg', size: 1, attempt: 'NOT A MARKER' })).status).toBe(400)
})
