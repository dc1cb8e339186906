// /api/engines and /readyz say which model runs, its precision and device, and why that device.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { healthRoutes } from '../../src/http/routes/meta.ts'
import type { AppDeps } from '../../src/http/deps.ts'
import { createTestApp } from '../helpers/app.ts'
import { writeTinyExternalModel } from '../helpers/tiny-onnx-external.ts'

test('GET /api/engines reports the LCM model, its dtype from the graph, the device and the reason', async () => {
  const models = mkdtempSync(join(tmpdir(), 'm2p-eng-'))
  writeTinyExternalModel(join(models, 'lcm-dreamshaper-v7'))
  const t = await createTestApp({ env: { ENGINE: 'auto', MODELS_DIR: models } })
  try {
    const res = await t.app.request('/api/engines')
    assert.equal(res.status, 200)
    const body = (await res.json()) as { items: Record<string, unknown>[] }
    const lcm = body.items.find((e) => e.id === 'lcm')!
    assert.deepEqual([lcm.model, lcm.dtype, lcm.device, lcm.available], ['lcm-dreamshaper-v7', 'fp32', 'cpu', true])
    assert.match(String(lcm.deviceReason), /CUDA not used/)
  } finally {
    await t.close()
    rmSync(models, { recursive: true, force: true })
  }
})

test('GET /readyz carries the engine details: device and reason when loaded, the error when not', async () => {
  let status: ReturnType<NonNullable<AppDeps['engineStatus']>> = { error: 'the LCM model file x is missing' }
  let ready = false
  const dataDir = mkdtempSync(join(tmpdir(), 'm2p-ready-'))
  const deps = {
    config: { dataDir, diskMinFreeBytes: 0 },
    store: { ping: () => true },
    engineReady: () => ready,
    engineStatus: () => status,
  } as unknown as AppDeps
  const app = healthRoutes(deps)
  let res = await app.request('/readyz')
  assert.equal(res.status, 503)
  const down = (await res.json()) as { ready: boolean; checks: object; details: { engine: object } }
  assert.deepEqual([down.ready, down.checks], [false, { database: true, engine: false, disk: true }])
  assert.deepEqual(down.details.engine, { error: 'the LCM model file x is missing' })
  status = { id: 'lcm', device: 'cpu', deviceReason: 'CPU (CUDA not used: ...)', model: 'm', dtype: 'fp32' }
  ready = true
  res = await app.request('/readyz')
  assert.equal(res.status, 200)
  const body = (await res.json()) as { details: { engine: { device: string; deviceReason: string } } }
  assert.equal(body.details.engine.device, 'cpu')
  assert.match(body.details.engine.deviceReason, /CUDA not used/)
  rmSync(dataDir, { recursive: true, force: true })
})
