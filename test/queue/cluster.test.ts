// Scale-out on a real Redis: an API and two workers as separate processes with their own DATA_DIRs.
// Six jobs all end done with every poster in the gallery even when a worker is killed with SIGKILL
// mid-job (no duplicates); a cancel reaches the worker; an API restart mid-queue loses nothing.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { startCluster, stop, type Cluster } from '../helpers/cluster.ts'
import { readSse } from '../helpers/sse.ts'
import { encodeWav } from '../helpers/wav.ts'
import { renderTestSong } from '../helpers/songs.ts'

let c: Cluster
const audio: string[] = []

before(async () => {
  c = await startCluster({ workers: 2 })
  for (const [i, spec] of [
    { bpm: 100, tonic: 'G', mode: 'major', seconds: 8, loud: true },
    { bpm: 76, tonic: 'A', mode: 'minor', seconds: 8, loud: false },
  ].entries()) {
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(encodeWav(renderTestSong(spec as never), 22050))]), `song ${i}.wav`)
    const res = await fetch(`${c.apiUrl}/api/uploads`, { method: 'POST', body: form })
    assert.equal(res.status, 201, await res.clone().text())
    audio.push(((await res.json()) as { audioId: string }).audioId)
  }
})
after(async () => {
  await c?.close()
})

interface JobView {
  id: string
  state: string
  posters: { id: number; index?: number }[]
  error?: { code: string }
}
const getJob = async (id: string) => (await (await fetch(`${c.apiUrl}/api/jobs/${id}`)).json()) as JobView
const submit = async (body: object) => {
  const res = await fetch(`${c.apiUrl}/api/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  assert.equal(res.status, 202, await res.clone().text())
  return ((await res.json()) as JobView).id
}
async function waitAll(ids: string[], states = ['done'], timeoutMs = 90_000): Promise<JobView[]> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const jobs = await Promise.all(ids.map(getJob))
    if (jobs.every((j) => ['done', 'failed', 'cancelled'].includes(j.state))) {
      for (const j of jobs) assert.ok(states.includes(j.state), `${j.id} ended ${j.state} ${JSON.stringify(j.error)}`)
      return jobs
    }
    if (Date.now() > end) assert.fail(`not finished: ${jobs.map((j) => `${j.id}=${j.state}`).join(', ')}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
const pidOf = (worker: string) => Number(worker.split(':')[1])
const galleryCount = async () => {
  let n = 0
  let before = ''
  for (;;) {
    const page = (await (await fetch(`${c.apiUrl}/api/posters?limit=100${before}`)).json()) as {
      items: { jobId: string }[]
      nextBefore?: number
    }
    n += page.items.length
    if (!page.nextBefore) return n
    before = `&before=${page.nextBefore}`
  }
}

test('six jobs on two workers all end done; a worker killed mid-job leaves no gap and no duplicate', async () => {
  const ids: string[] = []
  for (let i = 0; i < 6; i++) ids.push(await submit({ audioId: audio[i % 2], variations: 3, size: 'phone' }))
  // the first poster of the first job: kill the worker making it, mid-job
  let worker = ''
  await readSse(`${c.apiUrl}/api/jobs/${ids[0]}/events`, {
    until: (e) => {
      if (e.event === 'state' && e.data.worker) worker = e.data.worker
      return e.event === 'poster'
    },
    timeoutMs: 60_000,
  })
  const victim = c.workers.find((w) => w.pid === pidOf(worker))
  assert.ok(victim, `worker ${worker} is one of ours`)
  await stop(victim, 'SIGKILL')
  c.workers = c.workers.filter((w) => w !== victim)

  const jobs = await waitAll(ids)
  for (const j of jobs) {
    assert.equal(j.posters.length, 3, `${j.id} has all its posters`)
    assert.equal(new Set(j.posters.map((p) => p.id)).size, 3)
  }
  assert.equal(await galleryCount(), 18, 'every poster in the gallery, none twice')
  const metrics = await (await fetch(`${c.apiUrl}/metrics`)).text()
  const delivered = [...metrics.matchAll(/^mus2pic_worker_posters_total\{worker="([^"]+)"\} (\d+)/gm)]
  assert.equal(
    delivered.reduce((s, m) => s + Number(m[2]), 0),
    18,
    'each poster delivered once',
  )
  assert.ok(
    delivered.some((m) => m[1] === worker),
    'the killed worker had delivered before it died',
  )
  assert.match(metrics, /^mus2pic_queue_jobs\{state="completed"\} 6$/m)
})

test('a cancel from the API reaches the worker: it stops within a step and takes the next job', async () => {
  assert.equal(c.workers.length, 1, 'one worker left: the next job waits for it')
  const long = await submit({ audioId: audio[0], variations: 8, size: 'phone' })
  const steps: number[] = []
  await readSse(`${c.apiUrl}/api/jobs/${long}/events`, {
    until: (e) => {
      if (e.event === 'step') steps.push(performance.now())
      return e.event === 'step' && e.data.step === 2
    },
    timeoutMs: 60_000,
  })
  const stepMs = steps[1] - steps[0]
  const next = await submit({ audioId: audio[1], variations: 1, size: 'square' })
  const t0 = performance.now()
  assert.equal((await fetch(`${c.apiUrl}/api/jobs/${long}`, { method: 'DELETE' })).status, 200)
  let startedAt = 0
  await readSse(`${c.apiUrl}/api/jobs/${next}/events`, {
    until: (e) => {
      if (e.event === 'state' && e.data.state === 'fetching' && !startedAt) startedAt = performance.now()
      return e.event === 'state' && ['done', 'failed'].includes(e.data.state)
    },
    timeoutMs: 60_000,
  })
  // the remaining 6 images would take 6 steps; the worker moved on after at most about one
  assert.ok(
    startedAt - t0 < Math.max(1500, 2.5 * stepMs),
    `next job began ${Math.round(startedAt - t0)} ms after cancel`,
  )
  const cancelled = await getJob(long)
  assert.equal(cancelled.state, 'cancelled')
  assert.ok(cancelled.posters.length < 8)
  assert.equal((await getJob(next)).state, 'done')
})

test('the API restarted mid-queue: queued and running jobs go on and end done', async () => {
  await c.startWorker() // back to two
  const ids: string[] = []
  for (let i = 0; i < 4; i++) ids.push(await submit({ audioId: audio[i % 2], variations: 2, size: 'square' }))
  await readSse(`${c.apiUrl}/api/jobs/${ids[0]}/events`, {
    until: (e) => e.event === 'state' && e.data.state === 'generating',
    timeoutMs: 60_000,
  })
  const api: ChildProcess = c.api
  assert.ok(await stop(api, 'SIGTERM'), 'the API stops by itself on SIGTERM')
  await new Promise((r) => setTimeout(r, 800)) // workers keep working and retry their deliveries
  await c.startApi()
  const jobs = await waitAll(ids)
  for (const j of jobs) assert.equal(j.posters.length, 2, j.id)
})
