// `doctor`: check a bucket configuration and print what the mini program and the STS service need for it.
import { parseFlags } from './flags'
import { allowlistDomains, resolveEndpoint, toolInputError } from '../../src/lib/node'

/**
 * What an STS policy should allow under the prefix: PostObject, HeadObject (the check of an upload whose answer was
 * lost; without it such uploads are retried) and GetObject to save private images.
 */
export function minimalStsPolicy(bucket: string, region: string, prefix: string, save: boolean) {
  const appid = bucket.slice(bucket.lastIndexOf('-') + 1)
  return {
    version: '2.0',
    statement: [{
      effect: 'allow',
      action: ['name/cos:PostObject', 'name/cos:HeadObject', ...(save ? ['name/cos:GetObject'] : [])],
      resource: [`qcs::cos:${region}:uid/${appid}:${bucket}/${prefix}*`],
    }],
  }
}

export const doctor = {
  name: 'doctor',
  summary: '--bucket B --region R [--path-style] [--prefix P] [--endpoint E] [--sts-url U] [--save] → allowlists, minimal STS policy, warnings',
  async run(argv: string[]): Promise<number> {
    const { values } = parseFlags(argv, {
      bucket: { type: 'string' }, region: { type: 'string' }, 'path-style': { type: 'boolean' }, prefix: { type: 'string' },
      endpoint: { type: 'string' }, 'sts-url': { type: 'string' }, save: { type: 'boolean' },
    })
    const { bucket, region, prefix = '', endpoint } = values
    if (!bucket || !region) throw toolInputError('missing-field', '需要 --bucket 和 --region', 'doctor needs --bucket and --region')
    const location = { bucket, region, forcePathStyle: !!values['path-style'], endpoint }
    const resolved = resolveEndpoint(location)
    const lists = allowlistDomains(location, { stsUrl: values['sts-url'] })
    const warnings: string[] = []
    if (resolved.pathStyle) {
      warnings.push('Path style: COS refuses it with 403 PathStyleDomainForbidden for buckets created after 2024-01-01. ' +
        `Keep it only for older buckets; otherwise drop --path-style and allowlist ${bucket}.cos.${region}.myqcloud.com.`)
    }
    if (values['sts-url'] === undefined) {
      warnings.push('No --sts-url: the request list above holds only the COS domain; add the domain of your STS / POST-policy ' +
        'server too (or pass --sts-url). 未给 --sts-url：上面 request 合法域名只有 COS 域名，还须加入 STS/上传策略服务的域名（或传 --sts-url）。')
    }
    if (!prefix) warnings.push('No --prefix: the STS policy lets every device write anywhere in the bucket; limit it, e.g. --prefix uploads/.')
    if (prefix.startsWith('/')) warnings.push(`Object keys have no leading "/": use --prefix ${prefix.replace(/^\/+/, '')}.`)
    if (resolved.baseUrl.startsWith('http:')) warnings.push('http: mini programs accept only https domains outside local testing (urlCheck off).')
    const lines = [
      `OK: ${bucket} in ${region}, ${resolved.pathStyle ? 'path style' : 'virtual-hosted'}`,
      `Upload URL: ${resolved.baseUrl}`,
      '',
      'Allowlist domains (mini program admin: server domains):',
      ...(['uploadFile', 'request', 'downloadFile'] as const).map((list) => `  ${(list + ':').padEnd(14)}${lists[list].join(' ')}`),
      '',
      `Minimal STS policy${values.save ? '' : ' (add --save if the app saves private images: name/cos:GetObject)'}:`,
      JSON.stringify(minimalStsPolicy(bucket, region, prefix.replace(/^\/+/, ''), !!values.save), null, 2),
      '',
      warnings.length ? 'Warnings:' : 'Warnings: none',
      ...warnings.map((warning) => `  - ${warning}`),
    ]
    process.stdout.write(lines.join('\n') + '\n')
    return 0
  },
}
