// The static demo server: files with their types, the single-page-app fallback, nothing outside the root, and the
// demo's run-time settings at /demo-config.json.
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDemoServer, type RunningDemoServer } from '../../server/demo-server'
import { send } from './http'

let dir: string
let server: RunningDemoServer

beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'demo-server-'))
  await fs.mkdir(join(dir, 'site', 'js'), { recursive: true })
  await fs.writeFile(join(dir, 'site', 'index.html'), '<!doctype html><title>app</title>')
  await fs.writeFile(join(dir, 'site', 'js', 'app.js'), 'console.log(1)')
  await fs.writeFile(join(dir, 'secret.txt'), 'outside the root')
  server = await startDemoServer({ root: join(dir, 'site') })
})
afterAll(async () => {
  await server.close()
  await fs.rm(dir, { recursive: true, force: true })
})

it('serves files with their content type, and HEAD without a body', async () => {
  const js = await send(server.url, { path: '/js/app.js' })
  expect({ status: js.status, type: js.headers['content-type'], body: js.text }).toEqual({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' })
  const head = await send(server.url, { method: 'HEAD', path: '/js/app.js' })
  expect({ status: head.status, length: head.headers['content-length'], body: head.text }).toEqual({ status: 200, length: '14', body: '' })
})

it('falls back to index.html for app routes, but answers 404 for a missing asset', async () => {
  const route = await send(server.url, { path: '/pages/basic/index?x=1' })
  expect({ status: route.status, type: route.headers['content-type'], body: route.text })
    .toEqual({ status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>app</title>' })
  expect((await send(server.url, { path: '/' })).text).toContain('<title>app</title>')
  expect((await send(server.url, { path: '/js/missing.js' })).status).toBe(404)
})

it('never serves a file outside the root, and only answers GET and HEAD', async () => {
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/js/..%2f..%2fsecret.txt']) {
    const answer = await send(server.url, { path })
    expect(answer.text).not.toContain('outside the root')
  }
  expect((await send(server.url, { method: 'POST', path: '/' })).status).toBe(405)
})

it('answers /demo-config.json with the STS address as it is at each request, and {} without one', async () => {
  let stsUrl: string | undefined
  const configured = await startDemoServer({ root: join(dir, 'site'), stsUrl: () => stsUrl })
  try {
    expect(JSON.parse((await send(configured.url, { path: '/demo-config.json' })).text)).toEqual({})
    stsUrl = 'http://127.0.0.1:9200'
    const answer = await send(configured.url, { path: '/demo-config.json' })
    expect({ status: answer.status, type: answer.headers['content-type'], body: JSON.parse(answer.text) })
      .toEqual({ status: 200, type: 'application/json; charset=utf-8', body: { stsUrl: 'http://127.0.0.1:9200' } })
  } finally {
    await configured.close()
  }
  expect(JSON.parse((await send(server.url, { path: '/demo-config.json' })).text)).toEqual({})
})
