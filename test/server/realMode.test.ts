// Real-mode STS without the network: the CAM policy it builds, the environment it needs, and exactly what it
// hands qcloud-cos-sts.
import { buildRealStsPolicy, describeStsFailure, fetchRealTemporaryKey, realConfigFromEnv, scopeFromEnv, type StsClient } from '../../server/sts/realMode'
import { startSts } from '../../server/sts'

const CONFIG = { secretId: 'AKIDpermanent', secretKey: 'permanent-secret', bucket: 'examplebucket-1250000000', region: 'ap-guangzhou' }
const SCOPE = { actions: ['name/cos:PostObject', 'name/cos:GetObject'], allowPrefix: ['uploads/', 'avatars/*'] }

it('scopes the policy to the actions on qcs::cos:<region>:uid/<appid>:<bucket>/<prefix>*', () => {
  expect(buildRealStsPolicy(SCOPE, CONFIG)).toEqual({
    version: '2.0',
    statement: [{
      action: ['name/cos:PostObject', 'name/cos:GetObject'],
      effect: 'allow',
      resource: [
        'qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/uploads/*',
        'qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/avatars/*',
      ],
    }],
  })
})

it('reads the permanent key from the environment only, naming what is missing', () => {
  expect(realConfigFromEnv({ COS_SECRET_ID: 'a', COS_SECRET_KEY: 'b', COS_BUCKET: 'c-1', COS_REGION: 'ap-x' }))
    .toEqual({ secretId: 'a', secretKey: 'b', bucket: 'c-1', region: 'ap-x' })
  expect(() => realConfigFromEnv({ COS_SECRET_ID: 'a' })).toThrow('real-mode STS needs the environment variables COS_SECRET_KEY, COS_BUCKET, COS_REGION')
  expect(scopeFromEnv({ STS_ALLOW_PREFIX: 'a/, b/', STS_ACTIONS: 'name/cos:PutObject' }, SCOPE))
    .toEqual({ actions: ['name/cos:PutObject'], allowPrefix: ['a/', 'b/'] })
  expect(scopeFromEnv({}, SCOPE)).toEqual(SCOPE)
  expect(realConfigFromEnv({ COS_SECRET_ID: 'a', COS_SECRET_KEY: 'b', COS_BUCKET: 'c-1', COS_REGION: 'ap-x', STS_ENDPOINT: 'sts.internal.tencentcloudapi.com' }))
    .toMatchObject({ endpoint: 'sts.internal.tencentcloudapi.com' })
})

describe('a failure is logged with its reason, never a bare "Error", never with the permanent key', () => {
  it.each([
    ['a Tencent Cloud error answer (a plain object, as qcloud-cos-sts rejects)',
      { Code: 'AuthFailure.SecretIdNotFound', Message: 'The SecretId is not found.', RequestId: 'req-1' },
      'Tencent Cloud STS answered AuthFailure.SecretIdNotFound: The SecretId is not found. (RequestId req-1)'],
    ['a network error', Object.assign(new Error('getaddrinfo ENOTFOUND sts.tencentcloudapi.com'), { code: 'ENOTFOUND' }),
      'ENOTFOUND: getaddrinfo ENOTFOUND sts.tencentcloudapi.com'],
    ['an error quoting the key', new Error(`signature failed for ${CONFIG.secretId} with\n${CONFIG.secretKey}`), 'signature failed for *** with ***'],
    ['an error without a message', new TypeError(''), 'TypeError'],
    ['a thrown string', 'boom', 'boom'],
  ])('%s', (_, error, line) => {
    expect(describeStsFailure(error, CONFIG)).toBe(line)
  })

  it('in the service log, while the client gets a fixed 502', async () => {
    const lines: string[] = []
    const failing: StsClient = { getCredential: async () => Promise.reject({ Code: 'InvalidParameter.PolicyTooLong', Message: 'policy too long', RequestId: 'r-2' }) }
    const sts = await startSts({ mode: 'real', real: CONFIG, scope: SCOPE, stsClient: failing, log: (line) => lines.push(line) })
    try {
      const answer = await fetch(sts.url + '/sts')
      expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 502, body: { error: { code: 'sts-failed', message: 'could not issue temporary keys' } } })
      expect(lines).toContain('sts: GET /sts failed: Tencent Cloud STS answered InvalidParameter.PolicyTooLong: policy too long (RequestId r-2)')
    } finally {
      await sts.close()
    }
  })
})

describe('what real mode hands qcloud-cos-sts', () => {
  // Stands in for qcloud-cos-sts at its API (no network here): records the call, answers in its documented shape.
  const calls: Array<Parameters<StsClient['getCredential']>[0]> = []
  const client: StsClient = {
    getCredential: async (options) => {
      calls.push(options)
      return { credentials: { tmpSecretId: 'AKIDtmp', tmpSecretKey: 'tmp-secret', sessionToken: 'token-1' }, startTime: 1767225600, expiredTime: 1767227400 }
    },
  }
  beforeEach(() => {
    calls.length = 0
  })

  it('asks for the scoped policy with the permanent key and the TTL', async () => {
    const key = await fetchRealTemporaryKey(CONFIG, SCOPE, 1800, client)
    expect(key).toEqual({ credentials: { tmpSecretId: 'AKIDtmp', tmpSecretKey: 'tmp-secret', sessionToken: 'token-1' }, startTime: 1767225600, expiredTime: 1767227400 })
    expect(calls).toEqual([{ secretId: 'AKIDpermanent', secretKey: 'permanent-secret', policy: buildRealStsPolicy(SCOPE, CONFIG),
      durationSeconds: 1800, region: 'ap-guangzhou' }])
  })

  it('serves those keys from GET /sts and signs /post-policy with them, never answering a secret', async () => {
    const sts = await startSts({ mode: 'real', real: CONFIG, scope: SCOPE, stsClient: client, quiet: true })
    try {
      const answer = await (await fetch(sts.url + '/sts')).json()
      expect(answer).toMatchObject({ credentials: { tmpSecretId: 'AKIDtmp', sessionToken: 'token-1' }, expiredTime: 1767227400 })
      expect(JSON.stringify(answer)).not.toContain('permanent-secret')
      const policy = await (await fetch(sts.url + '/post-policy', { method: 'POST', body: JSON.stringify({ key: 'uploads/a.jpg', size: 10 }) })).json()
      expect(policy.url).toBe('https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/')
      expect(policy.fields['q-ak']).toBe('AKIDtmp')
      expect(JSON.stringify(policy)).not.toMatch(/tmp-secret|permanent-secret/)
      expect(calls.map((call) => call.policy)).toEqual([buildRealStsPolicy(SCOPE, CONFIG), buildRealStsPolicy(SCOPE, CONFIG)])
    } finally {
      await sts.close()
    }
  })
})
