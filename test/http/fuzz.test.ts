// Fuzzing the HTTP edge (fast-check): thousands of random and malformed requests across every route,
// plus a share of valid ones (real WAV uploads, jobs on uploaded audio, cancels of real jobs, cross-site
// and foreign-host variants) so deep handlers run. Expectations: never a 5xx, a status histogram with
// every expected class present in a stated share, typed errors, still healthy, nothing outside DATA_DIR.
// Reproducible from its seed: every random choice is drawn by fast-check (no fc.sample in a map).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { tmpdir } from 'node:os'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { createTestApp } from '../helpers/app.ts'
import { encodeWav, sine } from '../helpers/wav.ts'

/** Four real 3.5 s WAVs: uploads of these are accepted (201), jobs on their audio IDs run the pipeline. */
const WAVS = [220, 330, 440, 550].map((hz) => encodeWav(sine(hz, 3.5, 8000), 8000))
const AUDIO_IDS = WAVS.map((w) => `up_${createHash('sha256').update(w).digest('hex').slice(0, 16)}`)
const multipart = (boundary: string, file: Uint8Array, name: string) =>
  Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: audio/wav\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])

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
    .tuple(
      fc.constantFrom('multipart/form-data; boundary=x', 'application/octet-stream', 'text/plain', ''),
      fc.uint8Array({ maxLength: 300 }),
    )
    .map(([type, b]) => ({ type, data: b as string | Uint8Array })),
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

/** Who sends it: mostly a same-origin or header-less client; some cross-site pages and foreign hosts. */
const sender = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ host: 'localhost', headers: {} as Record<string, string> }) },
  { weight: 1, arbitrary: fc.constant({ host: 'localhost', headers: { origin: 'http://evil.example' } }) },
  { weight: 1, arbitrary: fc.constant({ host: 'attacker.example', headers: {} as Record<string, string> }) },
)

interface FuzzRequest {
  method: string
  path: string
  type: string
  data?: string | Uint8Array
  /** Index into the jobs created so far (DELETE/GET of a real job). */
  job?: number
}

const randomRequest = fc
  .record({
    route: fc.constantFrom(...ROUTES),
    id: segment,
    method: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'), { freq: 4 }),
    body,
    query,
  })
  .map((r): FuzzRequest => {
    const qs = new URLSearchParams(r.query).toString()
    return {
      method: r.method ?? r.route[0],
      path: r.route[1].replace(':id', r.id) + (qs ? `?${qs}` : ''),
      type: r.body.type,
      data: r.body.data,
    }
  })

/** Valid requests that reach deep handlers: uploads, jobs by audio ID or URL, a real job read or cancelled. */
const validRequest = fc.oneof(
  fc
    .tuple(fc.nat(WAVS.length - 1), fc.constantFrom('song.wav', 'Ünïcödé name.mp3', 'a'.repeat(300)))
    .map(([i, name]): FuzzRequest => ({
      method: 'POST',
      path: '/api/uploads',
      type: 'multipart/form-data; boundary=fuzzB0und',
      data: multipart('fuzzB0und', WAVS[i], name),
    })),
  fc
    .record({
      audio: fc.oneof(
        fc.nat(AUDIO_IDS.length - 1).map((i) => ({ audioId: AUDIO_IDS[i] })),
        fc.constantFrom(
          { url: 'https://youtu.be/dQw4w9WgXcQ' },
          { url: 'https://www.youtube.com/watch?v=abcdefghijk' },
        ),
      ),
      style: fc.constantFrom('swiss', 'synthwave', 'nope'),
      size: fc.constantFrom('square', 'portrait'),
    })
    .map((r): FuzzRequest => ({
      method: 'POST',
      path: '/api/jobs',
      type: 'application/json',
      data: JSON.stringify({ ...r.audio, style: r.style, size: r.size, variations: 1, steps: 1 }),
    })),
  fc.constantFrom('application/json', 'text/plain').map((type): FuzzRequest => ({
    method: 'POST',
    path: '/api/prompts',
    type,
    data: JSON.stringify({ pad: 'x'.repeat(70_000) }), // over the 64 KB JSON cap
  })),
  fc
    .tuple(fc.nat(1000), fc.constantFrom('GET', 'DELETE'))
    .map(([job, method]): FuzzRequest => ({ method, path: '/api/jobs/:job', type: '', job })),
)

const request = fc.record({
  req: fc.oneof({ weight: 4, arbitrary: randomRequest }, { weight: 1, arbitrary: validRequest }),
  sender,
})

function listing(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir))
  } catch {
    return new Set()
  }
}

test('5,000 random, malformed and valid requests: no 5xx, status shares as expected, still healthy, no stray files', async (tc) => {
  // Everything this process writes to the temp folder lands in a fresh one we can inspect.
  const sandbox = mkdtempSync(join(tmpdir(), 'm2p-fuzz-'))
  process.env.TMPDIR = sandbox
  // QUEUE_MAX 2: jobs on real audio run the whole pipeline (analysis, sketch render) without piling up.
  const t = await createTestApp({ env: { QUEUE_MAX: '2' } })
  const repoBefore = listing(process.cwd())
  let count = 0
  const statuses = new Map<number, number>()
  const jobIds: string[] = []
  try {
    await fc.assert(
      fc.asyncProperty(request, async ({ req: r, sender: who }) => {
        const path = r.job === undefined ? r.path : r.path.replace(':job', jobIds[r.job % jobIds.length] ?? 'none')
        const headers: Record<string, string> = { ...who.headers, ...(r.type ? { 'content-type': r.type } : {}) }
        const init: RequestInit = { method: r.method, headers }
        if (!['GET', 'HEAD'].includes(r.method) && r.data !== undefined) init.body = r.data as BodyInit
        const res = await t.app.request(`http://${who.host}${path}`, init)
        count++
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        assert.ok(res.status < 500, `${r.method} ${path} -> ${res.status}: ${await res.clone().text()}`)
        if (r.method !== 'HEAD' && res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
          const j = (await res.json()) as { error?: { code?: string; message?: string } }
          assert.equal(typeof j.error?.code, 'string')
          assert.equal(typeof j.error?.message, 'string')
          assert.doesNotMatch(
            j.error!.message!,
            /\/work\/|\/tmp\/|node_modules|at .*\.ts:\d+/,
            'no paths or stacks leak',
          )
        } else if (res.status === 202 && r.path === '/api/jobs') jobIds.push(((await res.json()) as { id: string }).id)
        else await res.arrayBuffer()
      }),
      { numRuns: 5000, seed: 20261123 },
    )
    const share = (pred: (s: number) => boolean) =>
      [...statuses].filter(([s]) => pred(s)).reduce((n, [, c]) => n + c, 0) / count
    const histogram = JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))
    tc.diagnostic(`status histogram ${histogram}`)
    // Shares drawn from the generators' weights (1 in 5 valid, 1 in 10 cross-site, 1 in 10 foreign host),
    // with wide margins; each status class must be reached at all.
    assert.ok((statuses.get(201) ?? 0) >= 50, `uploads accepted: ${histogram}`)
    // QUEUE_MAX 2 turns most job requests into 429 while real jobs run: 20 accepted is plenty.
    assert.ok((statuses.get(202) ?? 0) >= 20, `jobs created: ${histogram}`)
    assert.ok(share((s) => s >= 200 && s < 300) >= 0.15, `2xx: ${histogram}`)
    assert.ok(share((s) => s === 400) >= 0.02, `400: ${histogram}`)
    assert.ok(share((s) => s === 404) >= 0.05, `404: ${histogram}`)
    assert.ok(share((s) => s === 421) >= 0.05 && share((s) => s === 421) <= 0.15, `421: ${histogram}`)
    assert.ok(share((s) => s === 403) >= 0.01, `403: ${histogram}`)
    for (const s of [409, 413, 415, 429]) assert.ok(statuses.has(s), `${s} reached: ${histogram}`)
    assert.equal(
      share((s) => s >= 500),
      0,
    )
    assert.equal(count, 5000)
    assert.equal((await t.app.request('/healthz')).status, 200)
    await t.runner.idle()
    assert.deepEqual(
      [...listing(process.cwd())].filter((f) => !repoBefore.has(f)),
      [],
      'no new files in the working directory',
    )
    // tsx keeps its compile cache (tsx-<uid>) in the temp folder when the analysis worker loads TypeScript
    const temp = [...listing(sandbox)].filter((f) => !/^tsx-\d+$/.test(f))
    assert.deepEqual(temp, [basename(t.dataDir)], 'the temp folder holds only DATA_DIR')
  } finally {
    await t.close()
    rmSync(sandbox, { recursive: true, force: true })
  }
})
