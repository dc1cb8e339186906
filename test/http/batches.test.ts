// Batches through the HTTP API with real services: three uploads at once -> three jobs -> done, one ZIP with
// a folder per song; a playlist link expands (fake reader); bad inputs fail the whole batch before any job;
// batch jobs yield to a single interactive job submitted after them.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp } from '../helpers/app.ts'
import { renderTestSong } from '../helpers/songs.ts'
import { encodeWav } from '../helpers/wav.ts'
import { readZip } from '../helpers/zip.ts'

type T = Awaited<ReturnType<typeof createTestApp>>
let t: T
const uploads: string[] = []
const LIST = 'PLbatchTestList0001'
const listed = ['aaaaaaaaaaa', 'bbbbbbbbbbb', 'ccccccccccc']

before(async () => {
  t = await createTestApp({ expandPlaylist: async (id) => (id === LIST ? listed : []) })
  for (const [bpm, tonic] of [
    [90, 'C'],
    [120, 'F'],
    [140, 'A'],
  ] as const) {
    const wav = encodeWav(
      renderTestSong({ bpm, tonic, mode: 'major', seconds: 6, loud: true, sampleRate: 22050 }),
      22050,
    )
    const form = new FormData()
    form.set('file', new File([new Uint8Array(wav)], `song-${bpm}.wav`, { type: 'audio/wav' }))
    const res = await t.app.request('/api/uploads', { method: 'POST', body: form })
    assert.equal(res.status, 201)
    uploads.push((await res.json()).audioId)
  }
})
after(async () => {
  await t?.close()
})

const post = (path: string, body: unknown) =>
  t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

async function waitBatch(id: string) {
  for (const end = Date.now() + 90_000; Date.now() < end;) {
    const b = await (await t.app.request(`/api/batches/${id}`)).json()
    if (b.state === 'done') return b
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`batch ${id} did not finish`)
}

test('a batch of three uploads: 202 with three jobs, done when all end, one ZIP with a folder per song', async () => {
  const res = await post('/api/batches', { inputs: uploads.map((audioId) => ({ audioId })), variations: 1 })
  assert.equal(res.status, 202, await res.clone().text())
  const made = await res.json()
  assert.match(made.id, /^b_/)
  assert.equal(made.jobs.length, 3)
  assert.equal(made.state, 'running')
  const b = await waitBatch(made.id)
  assert.deepEqual(b.counts, { total: 3, done: 3, failed: 0 })
  assert.deepEqual(
    b.jobs.map((j: { input: { audioId: string } }) => j.input.audioId),
    uploads,
    'jobs in input order',
  )
  const zip = await readZip(Buffer.from(await (await t.app.request(b.zipUrl)).arrayBuffer()))
  assert.deepEqual([...zip.keys()].sort(), [
    '01-song-90/song-90-1.png',
    '02-song-120/song-120-1.png',
    '03-song-140/song-140-1.png',
  ])
  for (const png of zip.values()) assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47])
})

test('a playlist link expands to its videos; a bad input fails the batch before any job starts', async () => {
  const before = (await (await t.app.request('/api/jobs')).json()).items.length
  const bad = await post('/api/batches', {
    inputs: [{ audioId: uploads[0] }, { url: 'https://evil.example/watch?v=dQw4w9WgXcQ' }],
  })
  assert.equal(bad.status, 400)
  assert.match((await bad.json()).error.message, /^input 2: /)
  assert.equal((await (await t.app.request('/api/jobs')).json()).items.length, before, 'no job was queued')

  const res = await post('/api/batches', {
    inputs: [{ url: `https://www.youtube.com/playlist?list=${LIST}` }, { audioId: uploads[0] }],
    variations: 1,
  })
  assert.equal(res.status, 202, await res.clone().text())
  const b = await res.json()
  assert.deepEqual(
    b.jobs.map((j: { input: { url?: string; audioId?: string } }) => j.input.url ?? j.input.audioId),
    [...listed.map((id) => `https://www.youtube.com/watch?v=${id}`), uploads[0]],
  )
  await waitBatch(b.id) // the fake IDs fail (nothing source), the upload is made
  const tooMany = await post('/api/batches', { inputs: Array.from({ length: 26 }, () => ({ audioId: uploads[0] })) })
  assert.equal(tooMany.status, 400)
})

test('batch jobs yield: a single job submitted after four batch jobs finishes before the last of them', async () => {
  const res = await post('/api/batches', {
    inputs: uploads.concat(uploads[0]).map((audioId) => ({ audioId })),
    variations: 2,
  })
  const b = await res.json()
  const single = await (await post('/api/jobs', { audioId: uploads[1], variations: 2 })).json()
  const done = await waitBatch(b.id)
  for (;;) {
    const j = await (await t.app.request(`/api/jobs/${single.id}`)).json()
    if (j.state === 'done') {
      const batchEnds = await Promise.all(
        done.jobs.map(
          async (x: { id: string }) => (await (await t.app.request(`/api/jobs/${x.id}`)).json()).finishedAt,
        ),
      )
      const later = batchEnds.filter((at: string) => at > j.finishedAt).length
      // two batch jobs were already preparing when it arrived; the other two wait behind it
      assert.ok(later >= 2, `batch jobs finished after the single one: ${later} of 4`)
      return
    }
    await new Promise((r) => setTimeout(r, 100))
  }
})
