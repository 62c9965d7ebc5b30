// Each diagnosed failure, provoked on purpose: through the STS service's scope presets (DEMO_STS_PRESETS in
// config/demo-env.ts, which `npm start` registers) or through the uploader's own options.
import type { CosUploaderProps } from '../../lib/react'
import { stsCredentials } from '../demo-kit/sts'

export interface Scenario {
  id: string
  title: string
  expect: string
  props: Partial<CosUploaderProps>
}

const PREFIX = 'uploads/errors/'

export const SCENARIOS: Scenario[] = [
  {
    id: 'wrong-prefix',
    title: '前缀不符 Wrong prefix',
    expect: 'AccessDenied: the key is outside uploads/, the prefix the temporary key allows',
    props: { getCredentials: stsCredentials(), prefix: 'private/' },
  },
  {
    id: 'wrong-action',
    title: '缺少权限 Wrong action',
    expect: 'AccessDenied: the temporary key allows GetObject only, not PostObject',
    props: { getCredentials: stsCredentials('read-only'), prefix: PREFIX },
  },
  {
    id: 'expired-key',
    title: '密钥过期 Expired key',
    expect: 'The key expired before use: refreshed once automatically, then the expiry diagnosis',
    props: { getCredentials: stsCredentials('expired'), prefix: PREFIX },
  },
  {
    id: 'clock-skew',
    title: '时钟偏差 Clock skew',
    expect: 'The STS clock runs 1 h ahead of COS: the signature is not valid yet, diagnosed with the measured offset',
    props: { getCredentials: stsCredentials('skewed'), prefix: PREFIX },
  },
  {
    id: 'oversize',
    title: '文件过大 Oversize',
    expect: 'Files over 100 KB are not uploaded; onOversize receives exactly those',
    props: { getCredentials: stsCredentials(), prefix: PREFIX, maxSize: 100 * 1024 },
  },
  {
    id: 'allowlist',
    title: '不在允许前缀 Not in the allowlist',
    expect: 'Fails before any request: the key is outside allowPrefix',
    props: { getCredentials: stsCredentials(), prefix: PREFIX, allowPrefix: ['uploads/allowed/'] },
  },
]
