// Each diagnosed failure, provoked on purpose through the STS service's scopes and the emulator's faults.
import type { CosUploaderProps } from '../../lib/react'
import { stsCredentials } from '../demo-kit/sts'

export interface Scenario {
  id: string
  title: string
  expect: string
  props: Partial<CosUploaderProps>
}

export const SCENARIOS: Scenario[] = [
  {
    id: 'wrong-prefix',
    title: '前缀不符 Wrong prefix',
    expect: 'AccessDenied: the key is outside the prefix the temporary key allows',
    props: { getCredentials: stsCredentials('other-prefix'), prefix: 'demo/errors/' },
  },
  {
    id: 'wrong-action',
    title: '缺少权限 Wrong action',
    expect: 'AccessDenied: the temporary key lacks name/cos:PostObject',
    props: { getCredentials: stsCredentials('no-post-object'), prefix: 'demo/errors/' },
  },
  {
    id: 'expired-key',
    title: '密钥过期 Expired key',
    expect: 'The key is refreshed once; an STS that keeps issuing expired keys ends in the expiry diagnosis',
    props: { getCredentials: stsCredentials('expired'), prefix: 'demo/errors/' },
  },
  {
    id: 'clock-skew',
    title: '时钟偏差 Clock skew',
    expect: 'The device clock is 1 h off: the upload adopts the server clock from the Date header and succeeds on retry',
    props: { getCredentials: stsCredentials('clock-skew'), prefix: 'demo/errors/' },
  },
  {
    id: 'oversize',
    title: '文件过大 Oversize',
    expect: 'Files over 100 KB are not uploaded; onOversize receives exactly those',
    props: { getCredentials: stsCredentials(), prefix: 'demo/errors/', maxSize: 100 * 1024 },
  },
  {
    id: 'allowlist',
    title: '不在允许前缀 Not in the allowlist',
    expect: 'Fails before any request: the key is outside allowPrefix',
    props: { getCredentials: stsCredentials(), prefix: 'demo/errors/', allowPrefix: ['demo/allowed/'] },
  },
]
