// The LCM engine's worker thread going away settles every pending call: close() during a load rejects
// it with CANCELLED instead of leaving it pending for ever, and the engine can load again afterwards.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLcmEngine } from '../../../src/engine/lcm/lcm-engine.ts'
import { AppError } from '../../../src/errors.ts'
import { writeTinyLcmModel } from '../../helpers/tiny-onnx.ts'

let root: string
let model: string
before(() => {
  root = mkdtempSync(join(tmpdir(), 'm2p-lcm-close-'))
  model = writeTinyLcmModel(join(root, 'lcm-dreamshaper-v7'))
})
after(() => rmSync(root, { recursive: true, force: true }))

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms).unref()),
  ])

test('close() while a load is pending rejects it with CANCELLED within 2 s; a later load starts a fresh worker', async () => {
  const engine = createLcmEngine({ modelDir: model, device: 'cpu', intraOpThreads: 1, interOpThreads: 1 })
  const loading = engine.load()
  loading.catch(() => {}) // observed below
  await engine.close()
  await assert.rejects(within(loading, 2000), (e: unknown) => e instanceof AppError && e.code === 'CANCELLED')
  await within(engine.load(), 60_000)
  assert.equal(engine.info().loaded, true)
  await engine.close()
})
