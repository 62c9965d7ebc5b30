// The `cos-uploader` CLI through its real process (tsx server/cli.ts): golden values from the official docs, the
// official SDK as oracle, explain's line diff, doctor's output, and one-line errors for bad input.
import { spawnSync } from 'child_process'
import fs from 'fs'
import os from 'os'
import path from 'path'
import COS from 'cos-nodejs-sdk-v5'
import vectors from '../support/cos-sdk-vectors.json'
import { randomSignRequest, seededRandom, toSdkOptions } from '../support/random-requests'

const ROOT = path.join(__dirname, '../..')
const TSX = path.join(ROOT, 'node_modules/.bin/tsx')
const FIXTURES = path.join(ROOT, 'test/fixtures/cos-errors')

jest.setTimeout(60_000)

function cli(args: string[], input?: string) {
  const result = spawnSync(TSX, ['server/cli.ts', ...args], { cwd: ROOT, input: input ?? '', encoding: 'utf8' })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function expectOneLineFailure(result: ReturnType<typeof cli>, pattern: RegExp) {
  expect(result.code).not.toBe(0)
  expect(result.stdout).toBe('')
  expect(result.stderr.split('\n')).toEqual([expect.stringMatching(pattern), ''])
}

const [docPut, docGet] = vectors.doc_vectors
const fromDoc = (vector: typeof docPut) => ({
  secretId: vector.input.SecretId, secretKey: vector.input.SecretKey, method: vector.input.Method, pathname: vector.input.Key,
  query: (vector.input as { Query?: Record<string, string> }).Query, headers: vector.input.Headers, keyTime: vector.input.KeyTime,
  // The doc examples sign Date, which the SDK's header filter drops.
  signAllHeaders: true,
})

describe('sign', () => {
  it('reproduces the doc 436/7778 upload example; stdout holds only the JSON, in the documented order', () => {
    const result = cli(['sign'], JSON.stringify(fromDoc(docPut)))
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const output = JSON.parse(result.stdout)
    expect(Object.keys(output)).toEqual(['authorization', 'httpString', 'stringToSign', 'signKey', 'signature'])
    expect(output.signKey).toBe('eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f')
    expect(output.stringToSign).toBe('sha1\n1557989151;1557996351\n8b2751e77f43a0995d6e9eb9477f4b685cca4172\n')
    expect(output.signature).toBe('3b8851a11a569213c17ba8fa7dcf2abec6935172')
    expect(output.authorization).toBe(docPut.computed.authorization)
  })

  it('answers an array with an array in the same order: doc GET example, then SDK vectors', () => {
    const sdkVectors = vectors.vectors.filter((vector) => vector.input.KeyTime && !('Bucket' in vector.input)).slice(0, 5)
    const requests = [fromDoc(docGet), ...sdkVectors.map((vector) => ({
      secretId: vector.input.SecretId, secretKey: vector.input.SecretKey, method: vector.input.Method,
      pathname: (vector.input as { Pathname?: string }).Pathname ?? vector.input.Key,
      query: (vector.input as { Query?: unknown }).Query, headers: (vector.input as { Headers?: unknown }).Headers,
      keyTime: vector.input.KeyTime,
    }))]
    const result = cli(['sign'], JSON.stringify(requests))
    expect(result.code).toBe(0)
    const outputs = JSON.parse(result.stdout)
    expect(outputs).toHaveLength(requests.length)
    expect(outputs[0].signature).toBe('01681b8c9d798a678e43b685a9f1bba0f6c0e012')
    sdkVectors.forEach((vector, index) => {
      expect(outputs[index + 1].authorization).toBe(vector.expected.authorization)
      expect(outputs[index + 1].httpString).toBe(vector.intermediate.httpString)
    })
  })

  it('agrees with cos-nodejs-sdk-v5 getAuthorization on 50 random requests (special characters, CJK, emoji)', () => {
    const random = seededRandom(20240101)
    // What the CLI receives is the JSON text: sign the same round-tripped values with the SDK.
    const requests = Array.from({ length: 50 }, () => JSON.parse(JSON.stringify(randomSignRequest(random))))
    const result = cli(['sign'], JSON.stringify(requests))
    expect(result.code).toBe(0)
    const outputs = JSON.parse(result.stdout) as { authorization: string }[]
    const expected = requests.map((request) =>
      COS.getAuthorization(toSdkOptions(request) as unknown as COS.StaticGetAuthorizationOptions))
    expect(outputs.map((output) => output.authorization)).toEqual(expected)
  })
})

describe('policy', () => {
  it('reproduces the doc 436/14690 policy signature', () => {
    const [doc] = vectors.post_policy_vectors
    const { secretId, secretKey, keyTime, policyText } = doc.input
    const result = cli(['policy'], JSON.stringify([{ secretId, secretKey, keyTime, policy: policyText }]))
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toEqual([{
      policyBase64: doc.expected.policy,
      stringToSign: 'd5d903b8360468bc81c1311f134989bc8c8b5b89',
      signature: '7758dc9a832e9d301dca704cacbf9d9f8172fdef',
    }])
  })
})

describe('explain', () => {
  const xml = (name: string) => fs.readFileSync(path.join(FIXTURES, name + '.xml'), 'utf8')

  it('prints Code, Message, RequestId and the diagnosis in en and zh-CN', () => {
    const result = cli(['explain'], xml('PathStyleDomainForbidden'))
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Code:       PathStyleDomainForbidden\n')
    expect(result.stdout).toContain('Message:    The bucket you are attempting to access must be addressed using COS virtual-styled domain.\n')
    expect(result.stdout).toContain('RequestId:  NjU1ZjNkOTNfYjAzYjI3MGJfNzk2Ml8zZmM1NmQ1\n')
    expect(result.stdout).toContain('Diagnosis:  path-style-forbidden (not retryable)\n')
    expect(result.stdout).toMatch(/^en: .*allowlist examplebucket-1250000000\.cos\.ap-guangzhou\.myqcloud\.com$/m)
    expect(result.stdout).toMatch(/^zh-CN: .*examplebucket-1250000000\.cos\.ap-guangzhou\.myqcloud\.com 加入合法域名$/m)
  })

  it('with --request, diffs the local strings against the server’s and marks the first differing line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-explain-'))
    const requestFile = path.join(dir, 'request.json')
    fs.writeFileSync(requestFile, JSON.stringify({
      secretId: 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q', secretKey: 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz', method: 'put',
      pathname: '/photos/a+b.jpg', keyTime: '1700000000;1700000900',
      headers: { 'Content-Length': '13', Host: 'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com' },
    }))
    const result = cli(['explain', '--request', requestFile], xml('SignatureDoesNotMatch'))
    fs.rmSync(dir, { recursive: true })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Diagnosis:  signature-mismatch (not retryable)')
    expect(result.stdout).toContain('HttpString (local) vs FormatString (server): first difference at line 2')
    const marked = result.stdout.split('\n').filter((line) => line.includes('<-- first difference'))
    expect(marked).toEqual([
      '-   2  /photos/a+b.jpg   (local)   <-- first difference',
      expect.stringMatching(/^- {3}3 {2}[0-9a-f]{40} {3}\(local\) {3}<-- first difference$/),
    ])
    expect(result.stdout).toContain('+   2  /photos/a b.jpg   (server)')
    expect(result.stdout).toContain('    1  put\n')
  })

  const diagnosisTexts = (stdout: string) => stdout.split('\n').filter((line) => /^(en|zh-CN): /.test(line))
  const detailOf = (stdout: string) => JSON.parse(/^Detail: +(.*)$/m.exec(stdout)![1])

  it('AccessDenied without --key/--action prints no placeholder: it says in words which key and actions to check', () => {
    const result = cli(['explain'], xml('AccessDenied'))
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Diagnosis:  access-denied (not retryable)')
    const texts = diagnosisTexts(result.stdout)
    expect(texts).toHaveLength(2)
    for (const text of texts) {
      expect(text).not.toMatch(/<\w+>/)
      expect(text).toContain('name/cos:PostObject')
      expect(text).toContain('name/cos:GetObject')
    }
    expect(texts[0]).toContain('the object key sent (form field key / URL path)')
    expect(texts[1]).toContain('所传对象键（表单 key 字段或 URL 路径）')
  })

  it('--key against repeated --allow-prefix shows the key outside the allowed prefixes', () => {
    const result = cli(['explain', '--key', 'other/a.jpg', '--allow-prefix', 'uploads/', '--allow-prefix', 'avatars/'], xml('AccessDenied'))
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Diagnosis:  key-outside-prefix (not retryable)')
    expect(detailOf(result.stdout)).toEqual({ key: 'other/a.jpg', allowPrefix: ['uploads/', 'avatars/'] })
    expect(diagnosisTexts(result.stdout)).toEqual([
      expect.stringMatching(/^en: .*other\/a\.jpg.*uploads\/, avatars\//),
      expect.stringMatching(/^zh-CN: .*other\/a\.jpg.*uploads\/, avatars\//),
    ])
  })

  it('a --key inside --allow-prefix, with --action: the action on that key is what the policy lacks', () => {
    const result = cli(['explain', '--key', 'uploads/a.jpg', '--allow-prefix', 'uploads/', '--action', 'name/cos:GetObject'], xml('AccessDenied'))
    expect(result.stdout).toContain('Diagnosis:  access-denied (not retryable)')
    expect(detailOf(result.stdout)).toEqual({ action: 'name/cos:GetObject', key: 'uploads/a.jpg' })
    const [en, zh] = diagnosisTexts(result.stdout)
    expect(en).toContain('name/cos:GetObject on uploads/a.jpg')
    expect(zh).toContain('uploads/a.jpg 执行 name/cos:GetObject')
    expect(en + zh).not.toContain('name/cos:PostObject')
  })

  it('uses the response Date header for the clock offset, and treats InternalError as a retryable 5xx', () => {
    const date = new Date(Date.now() + 3_600_000).toUTCString()
    const expired = cli(['explain', '--date', date], xml('AccessDenied-expired'))
    expect(expired.stdout).toContain('Diagnosis:  request-expired (retryable)')
    // Measured against the clock when the process runs, so allow for its start-up time.
    const offset = Number(/clock off \+(\d+) s/.exec(expired.stdout)![1])
    expect(offset).toBeGreaterThan(3540)
    expect(offset).toBeLessThanOrEqual(3601)
    expect(cli(['explain'], xml('InternalError')).stdout).toContain('Diagnosis:  server-error (retryable)')
  })
})

describe('doctor', () => {
  function policyIn(stdout: string) {
    const start = stdout.indexOf('{', stdout.indexOf('Minimal STS policy'))
    return JSON.parse(stdout.slice(start, stdout.indexOf('\n}\n', start) + 2))
  }

  it('prints the allowlist domains per list and the minimal STS policy', () => {
    const result = cli(['doctor', '--bucket', 'examplebucket-1250000000', '--region', 'ap-guangzhou', '--prefix', 'uploads/',
      '--sts-url', 'https://api.example.com/sts', '--save'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const host = 'https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com'
    expect(result.stdout).toContain(`  uploadFile:   ${host}\n`)
    expect(result.stdout).toContain(`  request:      ${host} https://api.example.com\n`)
    expect(result.stdout).toContain(`  downloadFile: ${host}\n`)
    expect(policyIn(result.stdout)).toEqual({
      version: '2.0',
      statement: [{
        effect: 'allow',
        action: ['name/cos:PostObject', 'name/cos:HeadObject', 'name/cos:GetObject'],
        resource: ['qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/uploads/*'],
      }],
    })
    expect(result.stdout).toContain('Warnings: none')
  })

  it('without --sts-url, warns (en and zh-CN) that the STS / policy server domain belongs in the request list too', () => {
    const result = cli(['doctor', '--bucket', 'examplebucket-1250000000', '--region', 'ap-guangzhou', '--prefix', 'uploads/'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('  request:      https://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com\n')
    const warnings = result.stdout.slice(result.stdout.indexOf('\nWarnings:')).split('\n').filter((line) => line.startsWith('  - '))
    expect(warnings).toEqual([expect.stringMatching(/^ {2}- No --sts-url: .*request list.*STS \/ POST-policy server.*未给 --sts-url：.*request 合法域名.*STS\/上传策略服务的域名/)])
  })

  it('warns that path style is refused for buckets created after 2024-01-01', () => {
    const result = cli(['doctor', '--bucket', 'examplebucket-1250000000', '--region', 'ap-guangzhou', '--path-style'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('  uploadFile:   https://cos.ap-guangzhou.myqcloud.com\n')
    expect(result.stdout).toMatch(/PathStyleDomainForbidden for buckets created after 2024-01-01/)
    expect(result.stdout).toContain('allowlist examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com')
    expect(result.stdout).toMatch(/No --prefix/)
    expect(policyIn(result.stdout).statement[0]).toEqual({
      effect: 'allow', action: ['name/cos:PostObject', 'name/cos:HeadObject'],
      resource: ['qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*'],
    })
  })
})

describe('bad input: non-zero exit, one line on stderr, nothing on stdout', () => {
  it.each([
    ['invalid JSON for sign', ['sign'], '{"secretId":', /^cos-uploader: sign: stdin is not valid JSON/],
    ['a missing field', ['sign'], JSON.stringify({ secretId: 'a', secretKey: 'b', method: 'get', keyTime: '1;2' }), /"pathname" must be a string/],
    ['a missing field in an array', ['policy'], JSON.stringify([{ secretId: 'a', secretKey: 'b', keyTime: '1;2' }]), /request 0: "policy" must be/],
    ['a policy given as an object', ['policy'], JSON.stringify({ secretId: 'a', secretKey: 'b', keyTime: '1;2', policy: {} }), /"policy" must be a string/],
    ['a bad keyTime', ['sign'], JSON.stringify({ secretId: 'a', secretKey: 'b', method: 'get', pathname: '/k', keyTime: 'soon' }), /Invalid signing input \(check keyTime\)$/],
    ['an empty secretKey', ['sign'], JSON.stringify({ secretId: 'a', secretKey: '', method: 'get', pathname: '/k', keyTime: '1;2' }), /Invalid signing input .*secretKey/],
    ['an unknown command', ['upload'], '', /^cos-uploader: the first argument is not a command; see --help$/],
    ['no command', [], '', /^cos-uploader: missing command/],
    ['an unknown option', ['sign', '--verbose'], '{}', /^cos-uploader: sign: argument 1 is not an option of this command; see --help$/],
    ['a flag without its value', ['doctor', '--region', 'ap-guangzhou', '--bucket'], '', /^cos-uploader: doctor: --bucket needs a value$/],
    ['a value given to a switch', ['doctor', '--save=yes'], '', /^cos-uploader: doctor: --save takes no value$/],
    ['a positional argument', ['doctor', '--save', 'now'], '', /^cos-uploader: doctor: argument 2: this command takes options only; see --help$/],
    ['JSON cut short', ['sign'], '{\n  "secretId": "a",\n  "secretKey": "b', /^cos-uploader: sign: stdin is not valid JSON \(line 3, column 18\)/],
    ['a non-XML body for explain', ['explain'], 'Bad Gateway', /stdin is not a COS error XML/],
    ['an invalid bucket for doctor', ['doctor', '--bucket', 'Bad_Bucket', '--region', 'ap-guangzhou'], '', /Bucket must be <name>-<appid>/],
    ['doctor without --region', ['doctor', '--bucket', 'examplebucket-1250000000'], '', /needs --bucket and --region/],
    ['explain --allow-prefix without --key', ['explain', '--allow-prefix', 'uploads/'], '<Error><Code>AccessDenied</Code></Error>', /--allow-prefix needs --key/],
    ['explain --action not a CAM action', ['explain', '--action', 'GetObject'], '<Error><Code>AccessDenied</Code></Error>', /--action must look like name\/cos:GetObject$/],
    ['explain --key with a leading slash', ['explain', '--key', '/uploads/a.jpg'], '<Error><Code>AccessDenied</Code></Error>', /Invalid object key .*leading slash/],
  ])('%s', (_, args, input, pattern) => {
    expectOneLineFailure(cli(args, input), pattern)
  })

  // A secret typed in the wrong place must not reach the screen: every failure says where the input is wrong, and
  // quotes none of it, not even the few characters around a JSON error.
  const SECRET = 'SeCrEtK3yZq9'
  const shown = (text: string) => Array.from({ length: SECRET.length - 3 }, (_, i) => SECRET.slice(i, i + 4)).filter((part) => text.includes(part))
  it.each([
    ['unquoted in JSON', ['sign'], `{"secretId": "a", "secretKey": ${SECRET}}`],
    ['in JSON cut short', ['sign'], `{"secretId": "a", "secretKey": "${SECRET}`],
    ['after a trailing comma', ['policy'], `{"secretKey": "${SECRET}",}`],
    ['as the keyTime', ['sign'], JSON.stringify({ secretId: 'a', secretKey: 'b', method: 'get', pathname: '/k', keyTime: SECRET })],
    ['in a policy that is not JSON', ['policy'], JSON.stringify({ secretId: 'a', secretKey: 'b', keyTime: '1;2', policy: SECRET })],
    ['as the command', [SECRET], ''],
    ['in an unknown option', ['sign', `--secret-key=${SECRET}`], '{}'],
    ['as a positional argument', ['doctor', SECRET], ''],
    ['as a number flag', ['emulator', '--port', SECRET], ''],
    ['as a fault rate', ['emulator', '--error-rate', SECRET], ''],
    ['as --action', ['explain', '--action', SECRET], '<Error><Code>AccessDenied</Code></Error>'],
    ['as a key', ['explain', '--key', `/${SECRET}`], '<Error><Code>AccessDenied</Code></Error>'],
    ['as a bucket', ['doctor', '--bucket', SECRET, '--region', 'ap-guangzhou'], ''],
    ['as an STS action', ['sts', '--port', '0', '--action', SECRET], ''],
    ['as an STS mode', ['sts', '--mode', SECRET], ''],
    ['as a --request path', ['explain', '--request', `/nonexistent/${SECRET}.json`], '<Error><Code>AccessDenied</Code></Error>'],
  ])('%s: says where, never what', (_, args, input) => {
    const result = cli(args as string[], input)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^cos-uploader: \S.*\n$/)
    expect({ stderr: result.stderr, shown: shown(result.stderr + result.stdout) }).toEqual({ stderr: result.stderr, shown: [] })
  })

  it('explain --request with a file that is not JSON: says where, never what', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'request.json')
    fs.writeFileSync(file, `{\n  "secretKey": ${SECRET}\n}`)
    const result = cli(['explain', '--request', file], '<Error><Code>AccessDenied</Code></Error>')
    expect(result.stderr).toBe('cos-uploader: explain: --request is not valid JSON\n')
    expect(shown(result.stderr)).toEqual([])
  })

  it('--help lists every command and exits 0', () => {
    const result = cli(['--help'])
    expect(result.code).toBe(0)
    for (const name of ['sign', 'policy', 'explain', 'doctor']) expect(result.stdout).toMatch(new RegExp(`^  ${name} `, 'm'))
  })
})
