// Fuzzing the HTTP edge (fast-check): thousands of random and malformed requests across every route.
// Expectations: never a 5xx, every error is {error:{code,message}}, the server stays healthy, and no
// file appears outside DATA_DIR.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { tmpdir } from 'node:os'
import fc from 'fast-check'
import { createTestApp } from '../helpers/app.ts'

const ROUTES: [string, string][] = [
  ['GET', '/healthz'],
  ['GET', '/readyz'],
  ['GET', '/metrics'],
  ['GET', '/api/styles'],
  ['GET', '/api/engines'],
  ['GET', '/api/openapi.json'],
  ['POST', '/api/jobs'],
  ['GET', '/api/jobs'],
  ['GET', '/api/jobs/:id'],
  ['DELETE', '/api/jobs/:id'],
  ['GET', '/api/jobs/:id/zip'],
  ['POST', '/api/prompts'],
  ['POST', '/api/uploads'],
  ['GET', '/api/posters'],
  ['GET', '/api/posters/:id'],
  ['PATCH', '/api/posters/:id'],
  ['DELETE', '/api/posters/:id'],
  ['GET', '/api/posters/:id/image.png'],
  ['GET', '/api/posters/:id/thumb.webp'],
  ['GET', '/api/audio/:id'],
  ['GET', '/'],
  ['GET', '/:id'],
]

const nasty = fc.constantFrom(
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%252e%252e%252fetc%252fpasswd',
  '....//....//etc/passwd',
  '..\\..\\windows',
  '%00',
  'j_0000000000000000000000',
  '1',
  '0',
  '-1',
  '99999999999999999999',
  'NaN',
  'up_0123456789abcdef',
  'dQw4w9WgXcQ',
  '\u202e',
  '%F0%9F%8E%B5',
  "' OR 1=1 --",
  '<script>',
  'index.html',
  '.env',
  'mus2pic.db',
)
const segment = fc.oneof(nasty, fc.string({ maxLength: 30 }).map(encodeURIComponent), fc.integer().map(String))
const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      url: fc.oneof(fc.string(), fc.constant('https://youtu.be/dQw4w9WgXcQ'), nasty),
      style: fc.oneof(fc.string(), fc.constant('swiss')),
      variations: fc.oneof(fc.integer(), fc.double(), fc.string()),
      size: fc.string(),
      seed: fc.oneof(fc.integer(), fc.string()),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      features: fc.dictionary(
        fc.constantFrom(
          'bpm',
          'tonic',
          'mode',
          'energy',
          'valence',
          'arousal',
          'brightness',
          'danceability',
          'dynamicRangeDb',
          'mood',
          'sections',
          'durationSec',
          'x',
        ),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      count: fc.oneof(fc.integer(), fc.string()),
    },
    { requiredKeys: [] },
  ),
  fc.record({ favourite: fc.jsonValue({ maxDepth: 1 }) }),
)
const body = fc.oneof(
  jsonValue.map((v) => ({ type: 'application/json', data: JSON.stringify(v) as string | Uint8Array })),
  fc.string({ maxLength: 200 }).map((s) => ({ type: 'application/json', data: s as string | Uint8Array })),
  fc
    .uint8Array({ maxLength: 300 })
    .map((b) => ({
      type: fc.sample(
        fc.constantFrom('multipart/form-data; boundary=x', 'application/octet-stream', 'text/plain', ''),
        1,
      )[0],
      data: b as string | Uint8Array,
    })),
  fc.constant({
    type: 'multipart/form-data; boundary=B',
    data: '--B\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\nContent-Type: audio/mpeg\r\n\r\nnot audio at all\r\n--B--\r\n' as
      string | Uint8Array,
  }),
)
const query = fc.dictionary(
  fc.constantFrom(
    'style',
    'engine',
    'key',
    'mode',
    'mood',
    'bpmMin',
    'bpmMax',
    'favourite',
    'q',
    'before',
    'limit',
    'zzz',
    'lastEventId',
  ),
  fc.oneof(nasty, fc.string({ maxLength: 20 })),
  { maxKeys: 4 },
)

const request = fc.record({
  route: fc.constantFrom(...ROUTES),
  id: segment,
  method: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'), { freq: 4 }),
  body,
  query,
})

function listing(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir))
  } catch {
    return new Set()
  }
}

test('5,000 random and malformed requests: no 5xx, typed errors, still healthy, nothing written outside DATA_DIR', async () => {
  // Everything this process writes to the temp folder lands in a fresh one we can inspect.
  const sandbox = mkdtempSync(join(tmpdir(), 'm2p-fuzz-'))
  process.env.TMPDIR = sandbox
  const t = await createTestApp()
  const repoBefore = listing(process.cwd())
  let count = 0
  const statuses = new Map<number, number>()
  try {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const method = r.method ?? r.route[0]
        const path = r.route[1].replace(':id', r.id)
        const qs = new URLSearchParams(r.query).toString()
        const init: RequestInit = { method, headers: r.body.type ? { 'content-type': r.body.type } : {} }
        if (!['GET', 'HEAD'].includes(method)) init.body = r.body.data as BodyInit
        const res = await t.app.request(`${path}${qs ? `?${qs}` : ''}`, init)
        count++
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        assert.ok(res.status < 500, `${method} ${path}?${qs} -> ${res.status}: ${await res.clone().text()}`)
        if (method !== 'HEAD' && res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
          const j = (await res.json()) as { error?: { code?: string; message?: string } }
          assert.equal(typeof j.error?.code, 'string')
          assert.equal(typeof j.error?.message, 'string')
          assert.doesNotMatch(
            j.error!.message!,
            /\/work\/|\/tmp\/|node_modules|at .*\.ts:\d+/,
            'no paths or stacks leak',
          )
        } else await res.arrayBuffer()
      }),
      { numRuns: 5000, seed: 20261123 },
    )
    assert.equal(count, 5000)
    assert.equal((await t.app.request('/healthz')).status, 200)
    await t.runner.idle()
    assert.deepEqual(
      [...listing(process.cwd())].filter((f) => !repoBefore.has(f)),
      [],
      'no new files in the working directory',
    )
    assert.deepEqual([...listing(sandbox)], [basename(t.dataDir)], 'the temp folder holds only DATA_DIR')
  } finally {
    await t.close()
    rmSync(sandbox, { recursive: true, force: true })
  }
})
