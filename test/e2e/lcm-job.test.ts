// A full job through HTTP with the tiny LCM model in the worker thread: the model loads once, all
// variations come from one batch, and the posters say "lcm".
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestServer, TEST_VIDEOS } from '../helpers/server.ts'
import { readSse } from '../helpers/sse.ts'
import { writeTinyLcmModel } from '../helpers/tiny-onnx.ts'

test('jobs on the LCM engine: one batch per job, model loaded once, posters labelled lcm', async () => {
  const models = mkdtempSync(join(tmpdir(), 'm2p-lcm-e2e-'))
  writeTinyLcmModel(join(models, 'lcm-dreamshaper-v7'))
  const srv = await startTestServer({ env: { ENGINE: 'auto', MODELS_DIR: models, ORT_INTRA_THREADS: '1' } })
  try {
    const engines = await (await fetch(`${srv.url}/api/engines`)).json()
    const lcm = engines.items.find((e: { id: string }) => e.id === 'lcm')
    assert.equal(lcm.available, true)
    const run = async () => {
      const job = await (
        await fetch(`${srv.url}/api/jobs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url: TEST_VIDEOS.slow, variations: 3, steps: 2, size: 'square' }),
        })
      ).json()
      const events = await readSse(`${srv.url}/api/jobs/${job.id}/events`, {
        until: (e) => e.event === 'state' && ['done', 'failed', 'cancelled'].includes(e.data.state),
        timeoutMs: 60_000,
      })
      assert.equal(events.at(-1)!.data.state, 'done', JSON.stringify(events.at(-1)!.data))
      return { events, job: await (await fetch(`${srv.url}/api/jobs/${job.id}`)).json() }
    }
    const first = await run()
    const steps = first.events.filter((e) => e.event === 'step').map((e) => `${e.data.step}/${e.data.total}`)
    assert.deepEqual(steps, ['1/2', '2/2'], 'one batch: steps counted once for all three variations')
    assert.equal(first.job.posters.length, 3)
    assert.ok(first.job.posters.every((p: { engine: string }) => p.engine === 'lcm'))
    assert.equal(first.job.result.engine, 'lcm')
    const second = await run()
    assert.equal(second.job.result.engineTimings.load, undefined, 'the second job reuses the loaded model')
    assert.equal((await (await fetch(`${srv.url}/readyz`)).json()).ready, true)
    const after = await (await fetch(`${srv.url}/api/engines`)).json()
    assert.deepEqual(
      after.items.map((e: { id: string; loaded: boolean }) => [e.id, e.loaded]),
      [
        ['sketch', false],
        ['lcm', true],
      ],
    )
  } finally {
    await srv.close()
    rmSync(models, { recursive: true, force: true })
  }
})
