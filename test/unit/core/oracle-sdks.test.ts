// The same property test against the browser and mini-program SDKs' signers (both hash with their bundled
// CryptoJS, not Node crypto): cos-wx-sdk-v5 1.8.0 util.getAuth and cos-js-sdk-v5 1.10.1 getAuthorization.
// Replay a failure with COS_ORACLE_SEED=<seed>.
import { signRequest, SignRequestInput } from '../../../src/lib/core/sign'
import { randomSignRequest, seededRandom, toSdkOptions } from '../../support/random-requests'

type GetAuth = (options: Record<string, unknown>) => string

// cos-wx-sdk-v5 touches `wx` while loading (tracker, file system). This stub has the documented shapes of the
// calls it makes: wx.getFileSystemManager() → FileSystemManager, wx.canIUse(schema) → boolean,
// wx.getAppBaseInfo() → { SDKVersion, … }, wx.getDeviceInfo() → { platform, … }, wx.getNetworkType({ success }).
function loadWxSdkGetAuth(): GetAuth {
  const wx = {
    getFileSystemManager: () => ({ readFile() {}, readFileSync: () => new ArrayBuffer(0), stat() {} }),
    canIUse: () => true,
    getAppBaseInfo: () => ({ SDKVersion: '3.3.4', version: '8.0.50', language: 'zh_CN' }),
    getDeviceInfo: () => ({ platform: 'devtools', system: 'iOS 10.0.1', brand: 'devtools', model: 'iPhone 12' }),
    getNetworkType: (options: { success?: (result: { networkType: string }) => void }) => options.success?.({ networkType: 'wifi' }),
  }
  Object.assign(globalThis, { wx })
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('cos-wx-sdk-v5/src/util').getAuth
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const jsSdkGetAuth: GetAuth = require('cos-js-sdk-v5').getAuthorization
const wxSdkGetAuth = loadWxSdkGetAuth()

const seed = Number(process.env.COS_ORACLE_SEED) || Math.floor(Math.random() * 2 ** 31)

function mismatchesAgainst(getAuth: GetAuth, prepare: (input: SignRequestInput) => SignRequestInput): unknown[] {
  const random = seededRandom(seed)
  const mismatches: unknown[] = []
  for (let i = 0; i < 1000; i++) {
    const input = prepare(randomSignRequest(random))
    const ours = signRequest(input)
    const theirs = getAuth(toSdkOptions(input))
    if (ours !== theirs) mismatches.push({ i, input, ours, theirs })
  }
  return mismatches
}

describe(`official browser / mini-program SDK signers (seed ${seed})`, () => {
  it('cos-wx-sdk-v5 getAuth agrees on 1,000 random requests', () => {
    const mismatches = mismatchesAgainst(wxSdkGetAuth, (input) => input)
    expect({ seed, mismatches: mismatches.slice(0, 3), count: mismatches.length }).toEqual({ seed, mismatches: [], count: 0 })
  })

  it('cos-js-sdk-v5 getAuthorization agrees on 1,000 random requests once content-type is left out (it never signs it)', () => {
    const withoutContentType = (input: SignRequestInput): SignRequestInput => {
      const headers = { ...input.headers }
      for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name]
      return { ...input, headers }
    }
    const mismatches = mismatchesAgainst(jsSdkGetAuth, withoutContentType)
    expect({ seed, mismatches: mismatches.slice(0, 3), count: mismatches.length }).toEqual({ seed, mismatches: [], count: 0 })
  })

  it('cos-js-sdk-v5 drops content-type where we (and the Node and wx SDKs) sign it', () => {
    const input = { secretId: 'AKIDexample', secretKey: 'sk', method: 'put', pathname: 'a.jpg', keyTime: '1;2', headers: { 'Content-Type': 'image/png' } }
    expect(signRequest(input)).toBe(wxSdkGetAuth(toSdkOptions(input)))
    expect(signRequest(input)).not.toBe(jsSdkGetAuth(toSdkOptions(input)))
  })
})
