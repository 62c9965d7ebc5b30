import { allowlistDomains } from '../../../src/lib/node/allowlist'

const bucket = 'examplebucket-1250000000'
const region = 'ap-guangzhou'

describe('allowlistDomains', () => {
  it('lists the bucket origin for every API (request: the lost-answer HEAD), and the STS origin for request', () => {
    expect(allowlistDomains({ bucket, region }, { stsUrl: 'https://api.example.com/sts/cos?user=1' })).toEqual({
      uploadFile: [`https://${bucket}.cos.${region}.myqcloud.com`],
      request: [`https://${bucket}.cos.${region}.myqcloud.com`, 'https://api.example.com'],
      downloadFile: [`https://${bucket}.cos.${region}.myqcloud.com`],
    })
  })

  it('uses the region host in path style and keeps ports', () => {
    expect(allowlistDomains({ bucket, region, forcePathStyle: true })).toEqual({
      uploadFile: [`https://cos.${region}.myqcloud.com`],
      request: [`https://cos.${region}.myqcloud.com`],
      downloadFile: [`https://cos.${region}.myqcloud.com`],
    })
    expect(allowlistDomains({ bucket, region, endpoint: 'https://cdn.example.com:8443' }).uploadFile).toEqual(['https://cdn.example.com:8443'])
  })

  it('substitutes endpoint placeholders', () => {
    expect(allowlistDomains({ bucket, region, endpoint: 'http://{bucket}.cos.{region}.localhost:9000' }).downloadFile)
      .toEqual([`http://${bucket}.cos.${region}.localhost:9000`])
  })

  it('does not repeat an STS origin equal to the bucket origin', () => {
    const location = { bucket, region, endpoint: 'https://api.example.com' }
    expect(allowlistDomains(location, { stsUrl: 'https://api.example.com/sts' }).request).toEqual(['https://api.example.com'])
  })

  it('rejects a bad STS URL or location', () => {
    expect(() => allowlistDomains({ bucket, region }, { stsUrl: '/sts' })).toThrow(expect.objectContaining({ code: 'invalid-endpoint' }))
    expect(() => allowlistDomains({ bucket: 'x', region })).toThrow(expect.objectContaining({ code: 'invalid-bucket' }))
  })
})
