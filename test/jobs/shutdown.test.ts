// Deploys during a long job: shutdown aborts the running job at once (no waiting out the grace period)
// and hands it back to the queue without using an attempt, so three restarts in a row do not fail it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setupRealRunner } from '../helpers/real-runner.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

test('three shutdowns mid-job each stop it within 3 s of a 10 s grace, re-queue it with 0 attempts, and the 4th start finishes it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'm2p-deploys-'))
  try {
    let jobId = ''
    for (let deploy = 0; deploy < 3; deploy++) {
      const t = await setupRealRunner({ dataDir })
      if (deploy === 0) jobId = t.runner.submit(t.request).id
      else assert.deepEqual(t.runner.recover(), { resumed: [jobId], failed: [] })
      const jobs = t.services.store.jobs
      while (jobs.get(jobId)!.state === 'queued') await sleep(5)
      const stoppedIn = jobs.get(jobId)!.state
      const t0 = performance.now()
      await t.runner.shutdown(10_000)
      const ms = performance.now() - t0
      assert.ok(ms < 3000, `deploy ${deploy}: shutdown took ${ms.toFixed(0)} ms (stopped in ${stoppedIn})`)
      const row = jobs.get(jobId)!
      assert.equal(row.state, 'queued', `deploy ${deploy}`)
      assert.equal(row.attempts, 0, `deploy ${deploy}`)
      await t.close(true)
    }
    const t = await setupRealRunner({ dataDir })
    assert.deepEqual(t.runner.recover(), { resumed: [jobId], failed: [] })
    await t.runner.idle()
    const row = t.services.store.jobs.get(jobId)!
    assert.equal(row.state, 'done')
    assert.equal(t.services.store.posters.byJob(jobId).length, 8)
    await t.close(true)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
