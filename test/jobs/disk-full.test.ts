// A full disk mid-job: ENOSPC while writing poster 5 of 8 fails the job with DISK_FULL, ends its event
// stream, frees its queue slot, removes the half-written temp file; with SQLite refusing writes too,
// the job still ends for its live subscribers and DELETE is a 409, not a 500.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { writeFile as fsWriteFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { JobEvent } from '../../src/store/index.ts'
import { setupRealRunner } from '../helpers/real-runner.ts'

/** Writes half of poster `idx`'s first file (its raw artwork) and fails like a full disk. */
function enospcOnWrite(idx: number) {
  let failed = false
  return async (path: string, data: Uint8Array) => {
    if (failed || !path.includes(`/${idx}.`)) return fsWriteFile(path, data)
    failed = true
    await fsWriteFile(path, data.subarray(0, data.length >> 1))
    throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28 })
  }
}

const setup = (writeFile: (p: string, d: Uint8Array) => Promise<void>) => setupRealRunner({ runner: { writeFile } })

const tmpFiles = (dataDir: string) =>
  readdirSync(join(dataDir, 'posters'), { recursive: true })
    .map(String)
    .filter((n) => n.endsWith('.tmp'))

test('ENOSPC writing poster 5 of 8 fails the job with DISK_FULL, closes its events, frees the slot, leaves no .tmp', async () => {
  const t = await setup(enospcOnWrite(4))
  try {
    const job = t.runner.submit(t.request)
    const live: JobEvent[] = []
    t.runner.events.subscribe(job.id, (e) => live.push(e))
    await t.runner.idle()
    const row = t.services.store.jobs.get(job.id)!
    assert.equal(row.state, 'failed')
    assert.equal(row.error?.code, 'DISK_FULL')
    const last = live.at(-1)!
    assert.equal(last.type, 'state')
    assert.deepEqual((last.data as { state: string; error: { code: string } }).error.code, 'DISK_FULL')
    assert.equal(t.services.store.posters.byJob(job.id).length, 4, 'posters 1-4 are finished and kept')
    assert.deepEqual(tmpFiles(t.dataDir), [])
    // The SSE stream replays to the end and closes.
    const sse = await (await t.app.request(`/api/jobs/${job.id}/events`)).text()
    assert.match(sse, /event: state\ndata: \{"state":"failed","error":\{"code":"DISK_FULL"/)
    const del = await t.app.request(`/api/jobs/${job.id}`, { method: 'DELETE' })
    assert.equal(del.status, 409)
    // queueMax is 1: the failed job holds no slot.
    assert.match(t.runner.submit(t.request).id, /^j_/)
  } finally {
    await t.close()
  }
})

test('when SQLite refuses writes too (SQLITE_FULL), the job still ends for live subscribers and DELETE is 409', async () => {
  const t = await setup(enospcOnWrite(4))
  const jobs = t.services.store.jobs
  const full = () => {
    throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
  }
  try {
    const job = t.runner.submit(t.request)
    const live: JobEvent[] = []
    t.runner.events.subscribe(job.id, (e) => {
      live.push(e)
      // From the 4th poster on, the database is full as well.
      if (e.type === 'poster' && (e.data as { index: number }).index === 3)
        Object.assign(jobs, { setState: full, setError: full, setTimings: full, addEvent: full })
    })
    await t.runner.idle()
    const last = live.at(-1)!
    assert.equal(last.type, 'state')
    assert.equal((last.data as { state: string }).state, 'failed')
    assert.ok(last.seq > live.at(-2)!.seq, 'numbered after the last stored event, so streams accept it')
    assert.notEqual(jobs.get(job.id)!.state, 'failed', 'the row could not be written')
    const del = await t.app.request(`/api/jobs/${job.id}`, { method: 'DELETE' })
    assert.equal(del.status, 409)
    assert.deepEqual(tmpFiles(t.dataDir), [])
  } finally {
    await t.close()
  }
})
