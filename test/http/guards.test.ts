// CSRF, DNS rebinding and body caps at the HTTP edge: exact JSON media type, cross-site writes refused,
// only our host names answered, JSON bodies capped at 64 KB even when chunked without a length.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { serve, type ServerType } from '@hono/node-server'
import { createTestApp } from '../helpers/app.ts'
import { ENERGETIC_A_MINOR as FEATURES } from '../helpers/features.ts'

type T = Awaited<ReturnType<typeof createTestApp>>
let t: T
before(async () => {
  t = await createTestApp({
    env: { CORS_ORIGINS: 'https://ok.example', PUBLIC_URL: 'https://posters.example.org', ALLOWED_HOSTS: 'box.lan' },
  })
})
after(async () => {
  await t?.close()
})

const post = (url: string, headers: Record<string, string>, body: string, method = 'POST') =>
  t.app.request(url, { method, headers, body })
const code = async (r: Response) => ((await r.json()) as { error: { code: string } }).error.code
const jobCount = async () => ((await (await t.app.request('/api/jobs')).json()) as { items: unknown[] }).items.length

test('a text/plain body with "a=application/json" in its parameters is 415, and from evil.example 403', async () => {
  const body = JSON.stringify({ url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' })
  const n = await jobCount()
  const sneaky = await post('/api/jobs', { 'content-type': 'text/plain; a=application/json' }, body)
  assert.equal(sneaky.status, 415)
  assert.equal(await code(sneaky), 'UNSUPPORTED_MEDIA')
  const csrf = await post(
    '/api/jobs',
    { 'content-type': 'text/plain; a=application/json', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
    body,
  )
  assert.equal(csrf.status, 403)
  assert.equal(await code(csrf), 'CROSS_SITE_REQUEST')
  assert.equal(await jobCount(), n, 'no job was started')
})

test('cross-site writes are 403 by Origin or Sec-Fetch-Site; same-origin, CORS_ORIGINS and header-less pass', async () => {
  const json = { 'content-type': 'application/json' }
  const body = JSON.stringify({ features: FEATURES })
  const cases: [Record<string, string>, number][] = [
    [{ origin: 'http://evil.example' }, 403],
    [{ origin: 'null' }, 403],
    [{ 'sec-fetch-site': 'cross-site' }, 403],
    [{ 'sec-fetch-site': 'same-site' }, 403],
    [{ origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }, 200], // the web app itself
    [{ 'sec-fetch-site': 'same-origin' }, 200],
    [{ origin: 'https://ok.example', 'sec-fetch-site': 'cross-site' }, 200], // CORS_ORIGINS
    [{ origin: 'https://posters.example.org' }, 200], // PUBLIC_URL behind a proxy rewriting Host
    [{}, 200], // curl, the CLI
  ]
  for (const [headers, status] of cases) {
    const r = await post('/api/prompts', { ...json, ...headers }, body)
    assert.equal(r.status, status, JSON.stringify(headers))
    if (status === 403) assert.equal(await code(r), 'CROSS_SITE_REQUEST')
  }
  // Reads stay open to other sites' pages (CORS decides what they may see).
  assert.equal((await t.app.request('/api/styles', { headers: { origin: 'http://evil.example' } })).status, 200)
})

test('a request for Host attacker.example is 421 HOST_NOT_ALLOWED, even a DELETE; our names on any port pass', async () => {
  const del = await t.app.request('http://attacker.example/api/posters/1', { method: 'DELETE' })
  assert.equal(del.status, 421)
  assert.equal(await code(del), 'HOST_NOT_ALLOWED')
  assert.equal((await t.app.request('http://attacker.example:8787/api/jobs')).status, 421)
  assert.equal((await t.app.request('http://attacker.example/')).status, 421) // the web app too
  for (const host of ['localhost:8787', '127.0.0.1:1234', '[::1]:8787', 'posters.example.org', 'box.lan:80'])
    assert.equal((await t.app.request(`http://${host}/api/styles`)).status, 200, host)
  // The route is reached only with a good host: the same DELETE is a plain 404 there.
  assert.equal((await t.app.request('http://127.0.0.1/api/posters/1', { method: 'DELETE' })).status, 404)
  assert.equal((await t.app.request('http://attacker.example/healthz')).status, 200) // probes use pod IPs
})

test('JSON bodies over 64 KB are 413 PAYLOAD_TOO_LARGE, with a length and chunked without one', async () => {
  const big = JSON.stringify({ features: FEATURES, pad: 'x'.repeat(70_000) })
  const r = await post('/api/prompts', { 'content-type': 'application/json' }, big)
  assert.equal(r.status, 413)
  assert.equal(await code(r), 'PAYLOAD_TOO_LARGE')

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  try {
    const port = (server.address() as { port: number }).port
    const rssBefore = process.memoryUsage().rss
    // 32 MB trickled as chunks with no content-length: must be cut at 64 KB, not buffered.
    const status = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/prompts',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      })
      let sent = 0
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      req.on('response', (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => (body += d))
        res.on('end', () => {
          req.destroy()
          resolve({ status: res.statusCode ?? 0, body, sent })
        })
      })
      req.on('error', (e) => (sent > 0 ? undefined : reject(e)))
      const pump = () => {
        while (sent < 32 * 1024 * 1024) {
          sent += chunk.length
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        req.end()
      }
      req.write('{"pad":"')
      pump()
    })
    assert.equal(status.status, 413)
    assert.equal(JSON.parse(status.body).error.code, 'PAYLOAD_TOO_LARGE')
    const grewMb = (process.memoryUsage().rss - rssBefore) / 1048576
    assert.ok(grewMb < 24, `RSS grew ${grewMb.toFixed(1)} MB`)
  } finally {
    ;(server as import('node:http').Server).closeAllConnections()
    server.close()
  }
})

test('HOST bound to one address is an allowed host name; a wildcard bind adds nothing', async () => {
  const { loadConfig } = await import('../../src/config.ts')
  assert.ok(loadConfig({ HOST: '192.168.1.20' }).allowedHosts.includes('192.168.1.20'))
  assert.ok(loadConfig({ HOST: 'fd00::5' }).allowedHosts.includes('[fd00::5]'))
  assert.deepEqual(loadConfig({ HOST: '0.0.0.0' }).allowedHosts, ['localhost', '127.0.0.1', '[::1]'])
})
