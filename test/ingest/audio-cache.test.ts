import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../src/errors.ts'
import { AudioCache, type AudioCacheOptions } from '../../src/ingest/audio-cache.ts'
import { startFakeYouTube, type FakeYouTube } from '../helpers/fake-source.ts'
import { encodeWav, sine } from '../helpers/wav.ts'

const SR = 8000
const A = 'aaaaaaaaaaa'
const B = 'bbbbbbbbbbb'
const C = 'ccccccccccc'
const wavA = encodeWav(sine(440, 4, SR), SR) // 64,044 bytes
const wavB = encodeWav(sine(330, 4, SR), SR)
const wavC = encodeWav(sine(220, 4, SR), SR)

let fake: FakeYouTube
const dirs: string[] = []
before(async () => {
  fake = await startFakeYouTube({
    videos: {
      [A]: { title: 'Tone A', author: 'Gen', durationSec: 4, wav: wavA },
      [B]: { title: 'Tone B', author: 'Gen', durationSec: 4, wav: wavB },
      [C]: { title: 'Tone C', author: 'Gen', durationSec: 4, wav: wavC },
      privateVid1: { title: 'x', author: 'x', durationSec: 4, wav: wavA, private: true },
      liveStream1: { title: 'x', author: 'x', durationSec: 0, wav: wavA, live: true },
      longTrack01: { title: 'x', author: 'x', durationSec: 3600, wav: wavA },
      goneVideo01: { title: 'x', author: 'x', durationSec: 4, wav: wavA, unavailable: true },
    },
  })
})
after(() => fake.close())
afterEach(async () => {
  fake.setThrottle(undefined)
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function makeCache(over: Partial<AudioCacheOptions> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'm2p-cache-'))
  dirs.push(dir)
  const cache = new AudioCache({
    dir: join(dir, 'audio'),
    source: fake.source,
    maxBytes: 10 * 1024 * 1024,
    ttlMs: 3600_000,
    maxTrackSeconds: 600,
    uploadMaxBytes: 1024 * 1024,
    maxConcurrentDownloads: 2,
    retry: { attempts: 3, baseMs: 5, maxMs: 20 },
    ...over,
  })
  await cache.init()
  return { cache, dir: join(dir, 'audio') }
}

const code = (c: string) => (e: unknown) => e instanceof AppError && e.code === c

test('a miss downloads the exact bytes, writes the sidecar, and a hit then makes zero source requests', async () => {
  const { cache, dir } = await makeCache()
  const before = fake.requests()
  const t = await cache.get(A)
  assert.equal(t.cached, false)
  assert.equal(fake.requests() - before, 2) // metadata + audio
  assert.deepEqual(await readFile(t.path), wavA)
  assert.equal(t.path, join(dir, `${A}.wav`))
  const side = JSON.parse(await readFile(join(dir, `${A}.json`), 'utf8'))
  assert.equal(side.meta.title, 'Tone A')
  assert.equal(side.meta.url, `https://www.youtube.com/watch?v=${A}`)
  assert.equal(side.bytes, wavA.length)

  const mark = fake.requests()
  const again = await cache.get(A)
  assert.equal(again.cached, true)
  assert.equal(again.path, t.path)
  assert.equal(fake.requests(), mark)
})

test('10 concurrent gets for one ID cause one download and all resolve to the same file', async () => {
  const { cache } = await makeCache()
  fake.setThrottle(400_000) // ~160 ms for the file, so all callers overlap
  const before = fake.log().length
  const progress: number[] = []
  const tracks = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      cache.get(B, i === 0 ? { onProgress: (p) => progress.push(p.receivedBytes) } : {}),
    ),
  )
  const reqs = fake.log().slice(before)
  assert.equal(reqs.filter((r) => r.kind === 'audio').length, 1)
  assert.equal(reqs.filter((r) => r.kind === 'meta').length, 1)
  assert.equal(new Set(tracks.map((t) => t.path)).size, 1)
  assert.equal(progress.at(-1), wavB.length)
  assert.deepEqual(await readFile(tracks[0].path), wavB)
})

test('downloads beyond maxConcurrentDownloads wait for a free slot', async () => {
  const { cache } = await makeCache({ maxConcurrentDownloads: 1 })
  fake.setThrottle(600_000)
  const order: string[] = []
  await Promise.all([A, B, C].map((id) => cache.get(id).then(() => order.push(id))))
  const audio = fake
    .log()
    .filter((r) => r.kind === 'audio')
    .slice(-3)
    .map((r) => r.id)
  const metas = fake
    .log()
    .filter((r) => r.kind === 'meta')
    .slice(-3)
    .map((r) => r.id)
  // With one slot, each metadata call comes after the previous download: strictly serial.
  const log = fake
    .log()
    .slice(-6)
    .map((r) => r.kind)
  assert.deepEqual(log, ['meta', 'audio', 'meta', 'audio', 'meta', 'audio'])
  assert.deepEqual(audio, metas)
  assert.deepEqual(order, audio)
})

test('a connection dropped mid-download resumes from the partial size with a Range request', async () => {
  const { cache } = await makeCache()
  fake.failNext(C, 20_000)
  const before = fake.log().length
  const t = await cache.get(C)
  const audio = fake
    .log()
    .slice(before)
    .filter((r) => r.kind === 'audio')
  assert.equal(audio.length, 2)
  assert.equal(audio[0].start, 0)
  assert.ok(audio[1].start >= 16384 && audio[1].start <= 20_000, `resumed at ${audio[1].start}`)
  assert.deepEqual(await readFile(t.path), wavC)
})

test('a download that keeps failing leaves nothing that looks complete, and a later get succeeds', async () => {
  const { cache, dir } = await makeCache()
  fake.failNext(A, 10_000, 3) // all three attempts drop
  await assert.rejects(cache.get(A), code('NETWORK'))
  const files = readdirSync(dir)
  assert.ok(!files.some((f) => f.endsWith('.json') || f.endsWith('.wav')), `files: ${files}`)
  assert.ok(
    files.some((f) => f.endsWith('.part')),
    `a partial remains to resume: ${files}`,
  )
  assert.equal(cache.lookup(A), undefined)
  const t = await cache.get(A)
  assert.deepEqual(await readFile(t.path), wavA)
  assert.ok(!readdirSync(dir).some((f) => f.endsWith('.part')))
})

test('init removes stale .part files of dead processes and audio without a sidecar', async () => {
  const { dir } = await makeCache()
  await writeFile(join(dir, `${A}.999999999.part`), 'half')
  await writeFile(join(dir, `${B}.wav`), wavB) // renamed but the sidecar never written
  await writeFile(join(dir, `${C}.json.999999999.part`), '{')
  const cache = new AudioCache({
    dir,
    source: fake.source,
    maxBytes: 1e9,
    ttlMs: 1e9,
    maxTrackSeconds: 600,
    uploadMaxBytes: 1e6,
    maxConcurrentDownloads: 1,
  })
  await cache.init()
  assert.deepEqual(readdirSync(dir), [])
  assert.equal(cache.lookup(B), undefined)
})

test('a restarted cache finds complete entries without any request', async () => {
  const { cache, dir } = await makeCache()
  await cache.get(B)
  const mark = fake.requests()
  const reopened = new AudioCache({
    dir,
    source: fake.source,
    maxBytes: 1e9,
    ttlMs: 1e9,
    maxTrackSeconds: 600,
    uploadMaxBytes: 1e6,
    maxConcurrentDownloads: 1,
  })
  await reopened.init()
  const t = await reopened.get(B)
  assert.equal(t.cached, true)
  assert.equal(t.meta.title, 'Tone B')
  assert.equal(fake.requests(), mark)
})

test('over the size cap the least recently used entry is evicted', async () => {
  let now = 1_000_000
  const { cache, dir } = await makeCache({ maxBytes: wavA.length * 2 + 100, now: () => now })
  await cache.get(A)
  now += 1000
  await cache.get(B)
  now += 1000
  assert.ok(cache.lookup(A)) // touch A: B is now the least recently used
  now += 1000
  await cache.get(C)
  assert.ok(cache.lookup(A))
  assert.equal(cache.lookup(B), undefined)
  assert.ok(cache.lookup(C))
  assert.ok(!existsSync(join(dir, `${B}.wav`)) && !existsSync(join(dir, `${B}.json`)))
  assert.ok(cache.totalBytes <= wavA.length * 2 + 100, String(cache.totalBytes))
})

test('an entry unused for longer than the TTL expires and is downloaded again', async () => {
  let now = 5_000_000
  const { cache } = await makeCache({ ttlMs: 60_000, now: () => now })
  await cache.get(A)
  now += 59_000
  assert.equal((await cache.get(A)).cached, true) // the hit touches it
  now += 59_000
  assert.equal((await cache.get(A)).cached, true)
  now += 61_000
  const mark = fake.log().length
  const t = await cache.get(A)
  assert.equal(t.cached, false)
  assert.equal(
    fake
      .log()
      .slice(mark)
      .filter((r) => r.kind === 'audio').length,
    1,
  )
})

test('metadata decides before any download: too long, live, private, unavailable', async () => {
  const { cache } = await makeCache({ maxTrackSeconds: 1200 })
  const mark = fake.log().length
  await assert.rejects(
    cache.get('longTrack01'),
    (e: unknown) => code('TRACK_TOO_LONG')(e) && /1:00:00.*20:00/.test((e as Error).message),
  )
  await assert.rejects(cache.get('liveStream1'), code('VIDEO_LIVE'))
  await assert.rejects(cache.get('privateVid1'), code('VIDEO_PRIVATE'))
  await assert.rejects(cache.get('goneVideo01'), code('VIDEO_UNAVAILABLE'))
  assert.equal(
    fake
      .log()
      .slice(mark)
      .filter((r) => r.kind === 'audio').length,
    0,
  )
})

test('a caller that aborts gets CANCELLED while the others still get the file', async () => {
  const { cache } = await makeCache()
  fake.setThrottle(300_000)
  const ac = new AbortController()
  const leaving = cache.get(B, { signal: ac.signal })
  const staying = cache.get(B)
  setTimeout(() => ac.abort(), 30)
  await assert.rejects(leaving, code('CANCELLED'))
  assert.deepEqual(await readFile((await staying).path), wavB)
})

test('when the only caller aborts, the download stops and leaves no partial file', async () => {
  const { cache, dir } = await makeCache()
  fake.setThrottle(100_000)
  const ac = new AbortController()
  const p = cache.get(C, { signal: ac.signal })
  setTimeout(() => ac.abort(), 50)
  await assert.rejects(p, code('CANCELLED'))
  await new Promise((r) => setTimeout(r, 50))
  assert.deepEqual(readdirSync(dir), [])
})

test('a malformed video ID is INVALID_URL without a request', async () => {
  const { cache } = await makeCache()
  const mark = fake.requests()
  await assert.rejects(cache.get('short'), code('INVALID_URL'))
  assert.equal(fake.requests(), mark)
})
