// The LCM engine around the pipeline: its worker thread, step progress and metric, cancellation,
// and engine selection (createEngine / listEngines) on tiny random-weight ONNX models.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { LcmPipeline } from '../../../src/engine/lcm/pipeline.ts'
import { createLcmEngine } from '../../../src/engine/lcm/lcm-engine.ts'
import { createEngine, listEngines } from '../../../src/engine/index.ts'
import { CPU, req, useTinyModel } from '../../helpers/lcm-fixture.ts'
import { AppError } from '../../../src/errors.ts'
import { stepCount } from '../../helpers/metrics.ts'

const dirs = useTinyModel('m2p-lcm-engine-')

test('the worker engine matches the in-process pipeline, reports steps, and cancels between steps', async () => {
  const engine = createLcmEngine({ modelDir: dirs.model, ...CPU })
  try {
    const steps: number[] = []
    const observed = await stepCount('lcm')
    const r = await engine.generate(req(['a cat', 'a dog'], [3, 4]), { onStep: (s) => steps.push(s) })
    assert.deepEqual(steps, [1, 2, 3, 4])
    assert.equal((await stepCount('lcm')) - observed, 4, 'engineStepDuration observed once per step')
    assert.equal(r.engine, 'lcm')
    assert.ok(r.timings.load >= 0, 'first call reports the model load separately')
    const direct = await (await LcmPipeline.load(dirs.model, CPU)).generate(req(['a cat', 'a dog'], [3, 4]))
    assert.deepEqual(Buffer.from(r.images[1].data), Buffer.from(direct.images[1].data))
    assert.ok(engine.info().loaded)

    const ac = new AbortController()
    ac.abort()
    const seen: number[] = []
    await assert.rejects(
      engine.generate(req(['a'], [1], 8), { signal: ac.signal, onStep: (s) => seen.push(s) }),
      (e: AppError) => e.code === 'CANCELLED',
    )
    assert.deepEqual(seen, [])
    const again = await engine.generate(req(['a cat'], [3]))
    assert.equal(again.timings.load, undefined, 'later calls reuse the loaded sessions')
  } finally {
    await engine.close()
  }
})

test('createEngine: auto picks LCM when its files exist and sketch otherwise; lcm without files is MODEL_MISSING', async () => {
  const base = {
    kind: 'auto' as const,
    device: 'cpu' as const,
    model: 'lcm-dreamshaper-v7',
    intraOpThreads: 1,
    interOpThreads: 1,
  }
  assert.equal((await createEngine({ ...base, modelsDir: dirs.root })).id, 'lcm')
  const empty = join(dirs.root, 'empty')
  assert.equal((await createEngine({ ...base, modelsDir: empty })).id, 'sketch')
  await assert.rejects(
    createEngine({ ...base, kind: 'lcm', modelsDir: empty }),
    (e: AppError) => e.code === 'MODEL_MISSING' && /models download/.test(e.message),
  )
  const infos = listEngines({ ...base, modelsDir: empty })
  assert.deepEqual(
    infos.map((i) => [i.id, i.available]),
    [
      ['sketch', true],
      ['lcm', false],
    ],
  )
})

test('the worker drops only the parent tsx loader from its flags', async () => {
  const { withoutTsxImport } = await import('../../../src/engine/lcm/lcm-engine.ts')
  assert.deepEqual(
    withoutTsxImport(['--import', 'tsx', '--max-old-space-size=512', '--import', './other.mjs', '--import=tsx/esm']),
    ['--max-old-space-size=512', '--import', './other.mjs'],
  )
})
