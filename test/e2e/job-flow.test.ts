// End to end through HTTP on a real server: fake YouTube on loopback, the sketch engine, SQLite.
// URL in -> SSE sequence -> poster files and rows -> gallery filters -> ZIP; plus cancel and errors.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startTestServer, TEST_VIDEOS, type TestServer } from '../helpers/server.ts'
import { readSse } from '../helpers/sse.ts'
import { readZip } from '../helpers/zip.ts'
import { readPngText } from '../../src/poster/index.ts'

let srv: TestServer
before(async () => {
  srv = await startTestServer()
})
after(async () => {
  await srv?.close()
})

const post = (path: string, body: unknown) =>
  fetch(srv.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const get = async (path: string) => (await fetch(srv.url + path)).json() as Promise<any>
const isFinal = (e: { event: string; data: any }) =>
  e.event === 'state' && ['done', 'failed', 'cancelled'].includes(e.data.state)

test('a YouTube URL becomes N finished posters, announced over SSE in order and stored', async () => {
  const res = await post('/api/jobs', {
    url: `https://youtu.be/${TEST_VIDEOS.upbeat}?si=abc`,
    style: 'synthwave',
    variations: 3,
    size: 'square',
    seed: 42,
  })
  assert.equal(res.status, 202)
  const job = await res.json()
  const events = await readSse(`${srv.url}/api/jobs/${job.id}/events`, { until: isFinal })
  const states = events.filter((e) => e.event === 'state').map((e) => e.data.state)
  assert.deepEqual(states, ['queued', 'fetching', 'analyzing', 'prompting', 'generating', 'composing', 'done'])
  const order = (name: string) => events.findIndex((e) => e.event === name)
  assert.ok(
    order('track') < order('analysis') &&
      order('analysis') < order('prompts') &&
      order('prompts') < order('step') &&
      order('step') < order('poster'),
  )
  const tempo = events.find((e) => e.event === 'analysis' && e.data.kind === 'tempo')!.data.tempo.bpm
  assert.ok(Math.abs(tempo - 128) / 128 < 0.04, `tempo ${tempo}`)
  assert.deepEqual(
    events.map((e) => Number(e.id)),
    events.map((_, i) => i + 1),
    'event ids are 1..n',
  )
  const posterEvents = events.filter((e) => e.event === 'poster')
  assert.equal(posterEvents.length, 3)

  const done = await get(`/api/jobs/${job.id}`)
  assert.equal(done.state, 'done')
  assert.equal(done.posters.length, 3)
  assert.equal(done.prompts.length, 3)
  assert.equal(done.track.title, 'Neon Run')
  for (const stage of ['fetching', 'analyzing', 'prompting', 'generating', 'composing'])
    assert.ok(done.timings[stage] >= 0, `timing ${stage}`)
  for (const p of done.posters) {
    assert.equal(p.engine, 'sketch')
    assert.equal(p.width, 1200)
    assert.equal(p.height, 1200)
    assert.ok(existsSync(join(srv.dataDir, 'posters', job.id, `${p.index}.png`)))
    const png = Buffer.from(await (await fetch(srv.url + p.imageUrl)).arrayBuffer())
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47])
    const text = readPngText(png)
    assert.equal(text['mus2pic:engine'], 'sketch')
    assert.equal(text['mus2pic:prompt'], p.prompt)
    const thumb = await fetch(srv.url + p.thumbUrl)
    assert.equal(thumb.headers.get('content-type'), 'image/webp')
  }

  // gallery: listed, filterable
  const all = await get('/api/posters?limit=2')
  assert.equal(all.items.length, 2)
  assert.ok(all.nextBefore)
  const rest = await get(`/api/posters?limit=2&before=${all.nextBefore}`)
  assert.equal(rest.items.length, 1)
  assert.equal((await get('/api/posters?style=synthwave&q=neon')).items.length, 3)
  assert.equal((await get('/api/posters?style=swiss')).items.length, 0)
  assert.equal((await get('/api/posters?mode=major&bpmMin=60&bpmMax=200')).items.length, 3)

  // ZIP: N PNGs + the JSON manifest
  const zip = await readZip(Buffer.from(await (await fetch(`${srv.url}/api/jobs/${job.id}/zip`)).arrayBuffer()))
  const names = [...zip.keys()]
  assert.equal(names.filter((n) => n.endsWith('.png')).length, 3)
  const manifest = JSON.parse(zip.get('mus2pic.json')!.toString())
  assert.equal(manifest.prompts.length, 3)
  assert.equal(manifest.analysis.key.mode, 'major')

  // a second job for the same video is a cache hit: no new download
  const before = srv.fake.requests()
  const again = await (await post('/api/jobs', { url: TEST_VIDEOS.upbeat, variations: 1 })).json()
  const ev2 = await readSse(`${srv.url}/api/jobs/${again.id}/events`, { until: isFinal })
  assert.equal(ev2.find((e) => e.event === 'track')!.data.cached, true)
  assert.equal(srv.fake.requests(), before)
})

test('reconnecting with Last-Event-ID replays only what was missed', async () => {
  const job = await (await post('/api/jobs', { url: TEST_VIDEOS.slow, variations: 1 })).json()
  const full = await readSse(`${srv.url}/api/jobs/${job.id}/events`, { until: isFinal })
  const tail = await readSse(`${srv.url}/api/jobs/${job.id}/events`, { lastEventId: '3', until: isFinal })
  assert.deepEqual(
    tail.map((e) => e.id),
    full.slice(3).map((e) => e.id),
  )
})

test('a private video ends the job failed with VIDEO_PRIVATE', async () => {
  const job = await (await post('/api/jobs', { url: `https://www.youtube.com/watch?v=${TEST_VIDEOS.private}` })).json()
  const events = await readSse(`${srv.url}/api/jobs/${job.id}/events`, { until: isFinal })
  const last = events.at(-1)!
  assert.equal(last.data.state, 'failed')
  assert.equal(last.data.error.code, 'VIDEO_PRIVATE')
})

test('cancel during generation ends the job cancelled and leaves no poster rows', async () => {
  const job = await (await post('/api/jobs', { url: TEST_VIDEOS.slow, variations: 8, size: 'phone' })).json()
  const events = await readSse(`${srv.url}/api/jobs/${job.id}/events`, {
    until: (e) => {
      if (e.event === 'state' && e.data.state === 'generating')
        void fetch(`${srv.url}/api/jobs/${job.id}`, { method: 'DELETE' })
      return isFinal(e)
    },
  })
  assert.equal(events.at(-1)!.data.state, 'cancelled')
  const j = await get(`/api/jobs/${job.id}`)
  assert.equal(j.state, 'cancelled')
  // cancelled while generating: nothing was composed, so neither rows nor files exist
  assert.equal(j.posters.length, 0)
  assert.equal(
    (await get(`/api/posters?q=${encodeURIComponent(j.track?.title ?? '')}`)).items.filter(
      (p: { jobId: string }) => p.jobId === job.id,
    ).length,
    0,
  )
  const res = await fetch(`${srv.url}/api/jobs/${job.id}`, { method: 'DELETE' })
  assert.equal(res.status, 409)
  assert.equal((await res.json()).error.code, 'JOB_NOT_CANCELLABLE')
})

test('bad job requests get 4xx with a code, never 5xx', async () => {
  const cases: [unknown, number, string][] = [
    [{ url: 'https://evil.example/watch?v=dQw4w9WgXcQ' }, 400, 'INVALID_URL'],
    [{ url: TEST_VIDEOS.upbeat, variations: 99 }, 400, 'INVALID_INPUT'],
    [{ url: TEST_VIDEOS.upbeat, style: 'no-such-style' }, 400, 'UNKNOWN_STYLE'],
    [{ audioId: 'up_0000000000000000' }, 404, 'AUDIO_NOT_FOUND'],
  ]
  for (const [body, status, code] of cases) {
    const res = await post('/api/jobs', body)
    assert.equal(res.status, status, JSON.stringify(body))
    assert.equal((await res.json()).error.code, code)
  }
})
