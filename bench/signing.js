// Row 5: signatures per second in Node — our request signer against cos-js-sdk-v5's COS.getAuthorization (both on
// crypto-js, same input, same answer checked first), and our policy signer.
const COS = require('cos-js-sdk-v5')
const { signRequest } = require('../src/lib/core/sign')
const { buildPostPolicy, signPostPolicy } = require('../src/lib/core/post')
const { alternate, median, ratio } = require('./lib/stats')

const KEY = { secretId: 'AKIDEMULATOREXAMPLEKEY0000000000', secretKey: 'EmulatorExampleSecretKey00000000' }
const KEY_TIME = '1795334400;1795336200'
// Headers both SDKs sign (cos-js-sdk-v5 leaves content-type out of its list; ours signs it, as cos-nodejs-sdk-v5 does).
const HEADERS = { host: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com', 'content-length': '1048576' }
const PATHNAME = '/uploads/bench/photo 1.jpg'

const signers = {
  ours: () => signRequest({ ...KEY, method: 'put', pathname: PATHNAME, headers: HEADERS, keyTime: KEY_TIME }),
  official: () => COS.getAuthorization({ SecretId: KEY.secretId, SecretKey: KEY.secretKey, Method: 'put', Pathname: PATHNAME,
    Headers: HEADERS, KeyTime: KEY_TIME }),
}

function policySigner() {
  const policy = buildPostPolicy({ bucket: 'examplebucket-1250000000', key: 'uploads/bench/photo.jpg', keyTime: KEY_TIME,
    secretId: KEY.secretId, expiration: '2026-11-22T09:00:00.000Z', contentLengthRange: [0, 1048576] })
  return () => signPostPolicy({ ...KEY, keyTime: KEY_TIME, policy })
}

function perSecond(sign, count) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i++) sign()
  return count / (Number(process.hrtime.bigint() - start) / 1e9)
}

async function measureSigning({ rounds = 5, count = 20000 } = {}) {
  if (signers.ours() !== signers.official()) {
    throw new Error(`the signers disagree on the same input:\n ours     ${signers.ours()}\n official ${signers.official()}`)
  }
  const policy = policySigner()
  const contestants = { ...signers, policy }
  for (const sign of Object.values(contestants)) perSecond(sign, Math.ceil(count / 10)) // warm up the JIT
  const samples = await alternate(Object.keys(contestants), rounds, async (name) => perSecond(contestants[name], count))
  const ours = Math.round(median(samples.ours))
  const official = Math.round(median(samples.official))
  return {
    request: { ours, official, ratio: ratio(ours, official), samples: samples.ours.length },
    policy: { ours: Math.round(median(samples.policy)), samples: samples.policy.length },
  }
}

module.exports = { measureSigning }
