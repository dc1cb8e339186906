// The HTTP edge with app.request(): headers, errors, validation, limits, API key, traversal, uploads.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp } from '../helpers/app.ts'
import { encodeWav, sine } from '../helpers/wav.ts'
import { ENERGETIC_A_MINOR as FEATURES } from '../helpers/features.ts'

type T = Awaited<ReturnType<typeof createTestApp>>
let t: T
before(async () => {
  t = await createTestApp({ env: { UPLOAD_MAX_MB: '1' } })
})
after(async () => {
  await t?.close()
})

const json = (path: string, body: unknown, method = 'POST', app = t.app) =>
  app.request(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

test('every response carries secure headers and a strict CSP', async () => {
  const res = await t.app.request('/healthz')
  assert.equal(res.status, 200)
  const csp = res.headers.get('content-security-policy') ?? ''
  assert.match(csp, /default-src 'self'/)
  assert.match(csp, /script-src 'self'(;|$)/)
  assert.match(csp, /frame-ancestors 'none'/)
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
  assert.ok(res.headers.get('x-request-id'))
})

test('prompts from features: 200 with N prompts within 77 tokens, a palette and timings', async () => {
  const res = await json('/api/prompts', { features: FEATURES, style: 'synthwave', count: 3, seed: 7 })
  assert.equal(res.status, 200)
  const body = await res.json()
  assert.equal(body.prompts.length, 3)
  for (const p of body.prompts) {
    assert.ok(p.tokens <= 77 && p.tokens > 5)
    assert.ok(p.explanation.length > 0)
  }
  assert.equal(body.palette.length, 5)
  assert.ok(body.timings.promptMs >= 0)
  const again = await (await json('/api/prompts', { features: FEATURES, style: 'synthwave', count: 3, seed: 7 })).json()
  assert.deepEqual(again.prompts, body.prompts, 'deterministic for the same features, style and seed')
})

test('bad prompt bodies get 400 with a code', async () => {
  const cases: [unknown, string][] = [
    [{}, 'INVALID_INPUT'],
    [{ features: FEATURES, url: 'https://youtu.be/dQw4w9WgXcQ' }, 'INVALID_INPUT'],
    [{ features: { ...FEATURES, bpm: 9000 } }, 'INVALID_INPUT'],
    [{ features: { ...FEATURES, tonic: 'H' } }, 'INVALID_INPUT'],
    [{ features: FEATURES, count: 0 }, 'INVALID_INPUT'],
    [{ features: FEATURES, style: 'nope' }, 'UNKNOWN_STYLE'],
    [{ features: FEATURES, sneaky: true }, 'INVALID_INPUT'],
    [{ url: 'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ' }, 'INVALID_URL'],
  ]
  for (const [body, code] of cases) {
    const res = await json('/api/prompts', body)
    assert.equal(res.status, 400, JSON.stringify(body))
    assert.equal((await res.json()).error.code, code, JSON.stringify(body))
  }
  const notJson = await t.app.request('/api/prompts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"features":',
  })
  assert.equal(notJson.status, 400)
  const wrongType = await t.app.request('/api/prompts', {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: '{}',
  })
  assert.equal(wrongType.status, 415)
})

test('unknown routes and ids are JSON 404s', async () => {
  for (const path of [
    '/api/nope',
    '/api/jobs/j_doesnotexist00000000000',
    '/api/posters/123456',
    '/api/posters/abc',
    '/api/audio/up_0123456789abcdef',
  ]) {
    const res = await t.app.request(path)
    assert.equal(res.status, 404, path)
    assert.ok((await res.json()).error.code.endsWith('NOT_FOUND'), path)
  }
})

test('file routes cannot escape their folders, with plain, encoded or double-encoded ../', async () => {
  for (const path of [
    '/../package.json',
    '/%2e%2e/package.json',
    '/%252e%252e/package.json',
    '/..%2fpackage.json',
    '/static/..%5c..%5cpackage.json',
    '/api/posters/..%2f..%2fmus2pic.db/image.png',
    '/api/audio/..%2f..%2fpackage.json',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  ]) {
    const res = await t.app.request(path)
    const text = await res.text()
    assert.ok(res.status === 404 || res.status === 400, `${path} -> ${res.status}`)
    assert.doesNotMatch(text, /"dependencies"|root:x:0/, path)
  }
})

test('gallery query strings are validated', async () => {
  assert.equal((await t.app.request('/api/posters?limit=1000')).status, 400)
  assert.equal((await t.app.request('/api/posters?unknown=1')).status, 400)
  assert.equal((await t.app.request('/api/posters?bpmMin=abc')).status, 400)
  const ok = await t.app.request('/api/posters?q=%22%20OR%201%3D1&limit=5')
  assert.equal(ok.status, 200)
  assert.deepEqual((await ok.json()).items, [])
})

test('the OpenAPI document describes the routes with the request schemas', async () => {
  const doc = await (await t.app.request('/api/openapi.json')).json()
  assert.equal(doc.openapi, '3.1.0')
  for (const p of ['/api/prompts', '/api/jobs', '/api/posters', '/api/uploads']) assert.ok(doc.paths[p], p)
  const schema = doc.paths['/api/jobs'].post.requestBody.content['application/json'].schema
  assert.equal(schema.properties.variations.maximum, 8)
})

test('uploads: a real WAV is stored by content hash; a text file named .mp3 gets a 4xx', async () => {
  const wav = encodeWav(sine(440, 4, 22050), 22050)
  const form = new FormData()
  form.set('file', new File([new Uint8Array(wav)], 'tone.wav', { type: 'audio/wav' }))
  const res = await t.app.request('/api/uploads', { method: 'POST', body: form })
  assert.equal(res.status, 201, await res.clone().text())
  const { audioId } = await res.json()
  assert.match(audioId, /^up_[0-9a-f]{16}$/)
  const audio = await t.app.request(`/api/audio/${audioId}`)
  assert.equal(audio.status, 200)

  const fake = new FormData()
  fake.set('file', new File(['this is not audio, just words'], 'song.mp3', { type: 'audio/mpeg' }))
  const bad = await t.app.request('/api/uploads', { method: 'POST', body: fake })
  assert.ok(bad.status === 400 || bad.status === 415, String(bad.status))
  assert.match((await bad.json()).error.code, /INVALID_AUDIO|UNSUPPORTED_MEDIA/)

  const big = new FormData()
  big.set('file', new File([new Uint8Array(2 * 1024 * 1024)], 'big.wav'))
  const tooBig = await t.app.request('/api/uploads', { method: 'POST', body: big })
  assert.equal(tooBig.status, 413)
  assert.equal((await tooBig.json()).error.code, 'PAYLOAD_TOO_LARGE')

  const noFile = await t.app.request('/api/uploads', { method: 'POST', body: new FormData() })
  assert.equal(noFile.status, 400)
})

test('with API_KEY set, writes need the key and reads do not', async () => {
  const k = await createTestApp({ env: { API_KEY: 'secret-key-123' } })
  try {
    const denied = await json('/api/prompts', { features: FEATURES }, 'POST', k.app)
    assert.equal(denied.status, 401)
    assert.equal((await denied.json()).error.code, 'UNAUTHORIZED')
    const ok = await k.app.request('/api/prompts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'secret-key-123' },
      body: JSON.stringify({ features: FEATURES }),
    })
    assert.equal(ok.status, 200)
    assert.equal((await k.app.request('/api/styles')).status, 200)
  } finally {
    await k.close()
  }
})

test('job creation is rate limited per client with 429 and Retry-After; validation 400s do not count', async () => {
  const r = await createTestApp({ env: { RATE_LIMIT_PER_MIN: '3' } })
  try {
    const statuses: number[] = []
    let last: Response | undefined
    for (let i = 0; i < 5; i++)
      statuses.push((await json('/api/jobs', { url: 'https://evil.example/x' }, 'POST', r.app)).status)
    for (let i = 0; i < 5; i++) {
      last = await json('/api/jobs', { url: `https://youtu.be/abcdefghij${i}` }, 'POST', r.app)
      statuses.push(last.status)
    }
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 202, 202, 202, 429, 429])
    assert.equal((await last!.json()).error.code, 'RATE_LIMITED')
    assert.ok(Number(last!.headers.get('retry-after')) > 0)
  } finally {
    await r.close()
  }
})

test('CORS answers only configured origins, and only on the API', async () => {
  const c = await createTestApp({ env: { CORS_ORIGINS: 'https://ok.example' } })
  try {
    const good = await c.app.request('/api/styles', { headers: { origin: 'https://ok.example' } })
    assert.equal(good.headers.get('access-control-allow-origin'), 'https://ok.example')
    const bad = await c.app.request('/api/styles', { headers: { origin: 'https://evil.example' } })
    assert.notEqual(bad.headers.get('access-control-allow-origin'), 'https://evil.example')
  } finally {
    await c.close()
  }
})

test('cached audio is served with Range support for seeking in the preview player', async () => {
  const wav = encodeWav(sine(220, 3, 22050), 22050)
  const form = new FormData()
  form.set('file', new File([new Uint8Array(wav)], 'seek.wav', { type: 'audio/wav' }))
  const { audioId } = await (await t.app.request('/api/uploads', { method: 'POST', body: form })).json()
  const whole = await t.app.request(`/api/audio/${audioId}`)
  assert.equal(whole.status, 200)
  assert.equal(whole.headers.get('accept-ranges'), 'bytes')
  const full = Buffer.from(await whole.arrayBuffer())
  const part = await t.app.request(`/api/audio/${audioId}`, { headers: { range: 'bytes=100-199' } })
  assert.equal(part.status, 206)
  assert.equal(part.headers.get('content-range'), `bytes 100-199/${full.length}`)
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), full.subarray(100, 200))
  const tail = await t.app.request(`/api/audio/${audioId}`, { headers: { range: 'bytes=-10' } })
  assert.deepEqual(Buffer.from(await tail.arrayBuffer()), full.subarray(full.length - 10))
  assert.equal(
    (await t.app.request(`/api/audio/${audioId}`, { headers: { range: `bytes=${full.length + 5}-` } })).status,
    416,
  )
})

test('every style has a rendered preview image; unknown styles are 400', async () => {
  const { items } = await (await t.app.request('/api/styles')).json()
  assert.ok(items.length >= 10)
  const res = await t.app.request(items[0].previewUrl)
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('content-type'), 'image/webp')
  const buf = Buffer.from(await res.arrayBuffer())
  assert.equal(buf.subarray(8, 12).toString('latin1'), 'WEBP')
  assert.equal((await t.app.request('/api/styles/cubism/preview.webp')).status, 400)
})

test('GET /api/styles gives each style the palette that /api/prompts gives the typical track', async () => {
  const res = await t.app.request('/api/styles')
  assert.equal(res.status, 200)
  const { items } = (await res.json()) as { items: { id: string; previewPalette: string[] }[] }
  const { TYPICAL_TRACK } = await import('../../src/prompt/typical-track.ts')
  assert.ok(items.length >= 12)
  for (const s of items.slice(0, 4)) {
    const p = (await (await json('/api/prompts', { features: TYPICAL_TRACK, style: s.id, count: 1 })).json()) as {
      palette: string[]
    }
    assert.equal(s.previewPalette.length, 5)
    assert.deepEqual(s.previewPalette, p.palette, s.id)
  }
})

test('POST /api/jobs fills what the request leaves out from DEFAULT_* settings', async () => {
  const t2 = await createTestApp({ env: { DEFAULT_STYLE: 'linocut', DEFAULT_SIZE: 'phone', DEFAULT_VARIATIONS: '3' } })
  try {
    const res = await json('/api/jobs', { url: 'https://youtu.be/dQw4w9WgXcQ' }, 'POST', t2.app)
    assert.equal(res.status, 202)
    const job = (await res.json()) as { options: { style: string; size: string; variations: number; steps: number } }
    assert.deepEqual(
      [job.options.style, job.options.size, job.options.variations, job.options.steps],
      ['linocut', 'phone', 3, 4],
    )
  } finally {
    await t2.close()
  }
})
