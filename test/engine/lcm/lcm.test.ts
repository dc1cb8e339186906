// The LCM pipeline for real (in process) on tiny random-weight ONNX models with the real tensor names.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { alphasCumprod, boundaryScalings, lcmTimesteps } from '../../../src/engine/lcm/scheduler.ts'
import { guidanceEmbedding } from '../../../src/engine/lcm/guidance.ts'
import { LcmPipeline } from '../../../src/engine/lcm/pipeline.ts'
import { writeTinyLcmModel } from '../../helpers/tiny-onnx.ts'
import { CPU, req, useTinyModel } from '../../helpers/lcm-fixture.ts'
import { AppError } from '../../../src/errors.ts'

const dirs = useTinyModel('m2p-lcm-')

test('scheduler timesteps and alphas match diffusers reference numbers', () => {
  assert.deepEqual(lcmTimesteps(4), [999, 759, 499, 259])
  assert.deepEqual(lcmTimesteps(1), [999])
  assert.equal(lcmTimesteps(8).length, 8)
  const ac = alphasCumprod()
  const expected: [number, number][] = [
    [999, 0.0046601],
    [759, 0.0522129],
    [499, 0.2776695],
    [259, 0.6589755],
  ]
  for (const [t, v] of expected) assert.ok(Math.abs(ac[t] - v) < 5e-7, `alpha_cumprod[${t}] = ${ac[t]}`)
  const { cSkip, cOut } = boundaryScalings(999)
  assert.ok(cSkip < 1e-5 && Math.abs(cOut - 1) < 1e-6)
})

test('guidance embedding matches the reference values for g = 8.5', () => {
  const e = guidanceEmbedding(8.5)
  assert.equal(e.length, 256)
  assert.ok(Math.abs(e[0] - -0.85124) < 1e-4, String(e[0]))
  assert.ok(Math.abs(e[128] - -0.52478) < 1e-4, String(e[128]))
})

test('same seed gives identical bytes, a different seed differs', async () => {
  const p = await LcmPipeline.load(dirs.model, CPU)
  const a = await p.generate(req(['a cat'], [7]))
  const b = await p.generate(req(['a cat'], [7]))
  const c = await p.generate(req(['a cat'], [8]))
  assert.deepEqual([a.images[0].width, a.images[0].height], [64, 64])
  assert.deepEqual(Buffer.from(a.images[0].data), Buffer.from(b.images[0].data))
  assert.notDeepEqual(Buffer.from(a.images[0].data), Buffer.from(c.images[0].data))
})

test('a batch of 4 gives the same images as 4 single runs (1e-4 before quantisation)', async () => {
  const p = await LcmPipeline.load(dirs.model, CPU)
  const prompts = ['neon city', 'quiet lake', 'a dancer', 'a lighthouse']
  const seeds = [11, 12, 13, 14]
  const batch = await p.generate(req(prompts, seeds))
  const per = batch.floats.length / 4
  for (let i = 0; i < 4; i++) {
    const single = await p.generate(req([prompts[i]], [seeds[i]]))
    let max = 0
    for (let j = 0; j < per; j++) max = Math.max(max, Math.abs(single.floats[j] - batch.floats[i * per + j]))
    assert.ok(max <= 1e-4, `image ${i}: max difference ${max}`)
  }
  assert.ok(batch.timings.sessionRun <= batch.timings.total)
})

test('int32 or int64 ids and int64 or float timesteps all run (read from session metadata)', async () => {
  for (const [idsType, timestepType] of [
    ['int64', 'float32'],
    ['int32', 'float32'],
    ['int64', 'int64'],
  ] as const) {
    const dir = writeTinyLcmModel(join(dirs.root, `v-${idsType}-${timestepType}`), { idsType, timestepType })
    const p = await LcmPipeline.load(dir, CPU)
    const r = await p.generate(req(['x'], [1], 2))
    assert.equal(r.images[0].data.length, 64 * 64 * 3, `${idsType}/${timestepType}`)
  }
})

test('missing and corrupt model files give typed errors naming the file', async () => {
  const missing = join(dirs.root, 'missing')
  writeTinyLcmModel(missing)
  rmSync(join(missing, 'unet', 'model.onnx'))
  await assert.rejects(
    LcmPipeline.load(missing, CPU),
    (e: AppError) => e.code === 'MODEL_MISSING' && e.message.includes(join('unet', 'model.onnx')),
  )
  const corrupt = join(dirs.root, 'corrupt')
  writeTinyLcmModel(corrupt)
  writeFileSync(join(corrupt, 'vae_decoder', 'model.onnx'), 'this is not a protobuf model at all, just text')
  await assert.rejects(
    LcmPipeline.load(corrupt, CPU),
    (e: AppError) => e.code === 'MODEL_INVALID' && e.message.includes(join('vae_decoder', 'model.onnx')),
  )
})

test('cancellation is checked between steps: the loop stops after the step that saw it', async () => {
  const p = await LcmPipeline.load(dirs.model, CPU)
  const steps: number[] = []
  await assert.rejects(
    p.generate(req(['a'], [1], 8), { onStep: (s) => steps.push(s), cancelled: () => steps.length >= 2 }),
    (e: AppError) => e.code === 'CANCELLED' && e.message === 'generation was cancelled',
  )
  assert.deepEqual(steps, [1, 2])
})

test('rejects sizes that are not multiples of 8 and steps outside 1-8 with INVALID_INPUT', async () => {
  const p = await LcmPipeline.load(dirs.model, CPU)
  const bad: [object, RegExp][] = [
    [{ width: 60 }, /multiple of 8, got 60x64/],
    [{ height: 36 }, /multiple of 8, got 64x36/],
    [{ steps: 0 }, /steps must be 1-8, got 0/],
    [{ steps: 9 }, /steps must be 1-8, got 9/],
    [{ steps: Number.NaN }, /steps must be 1-8, got NaN/],
  ]
  for (const [change, message] of bad)
    await assert.rejects(
      p.generate({ ...req(['a'], [1]), ...change }),
      (e: AppError) => e.code === 'INVALID_INPUT' && message.test(e.message),
      JSON.stringify(change),
    )
})

test('timings: stages add up to the total, which fits in the wall time; steps report their seconds', async () => {
  const p = await LcmPipeline.load(dirs.model, CPU)
  await p.generate(req(['warm-up'], [1], 1))
  const seconds: number[] = []
  const t0 = performance.now()
  const { timings } = await p.generate(req(['a', 'b', 'c', 'd'], [1, 2, 3, 4], 4), {
    onStep: (_s, _n, sec) => seconds.push(sec),
  })
  const wall = performance.now() - t0
  const { tokenize, textEncoder, unet, vae, total, sessionRun } = timings
  for (const [k, v] of Object.entries(timings)) {
    assert.ok(v >= 0 && v <= wall, `${k} = ${v} ms, wall ${wall} ms`)
    assert.ok(Math.abs(v * 10 - Math.round(v * 10)) < 1e-6, `${k} = ${v} is rounded to 0.1 ms`)
  }
  assert.ok(Math.abs(tokenize + textEncoder + unet + vae - total) <= 0.25, JSON.stringify(timings))
  assert.ok(sessionRun > 0 && sessionRun <= total + 0.1, JSON.stringify(timings))
  // the steps run inside the UNet stage: their seconds (timed separately) must fit in it
  assert.equal(seconds.length, 4)
  const stepsMs = seconds.reduce((a, s) => a + s, 0) * 1000
  assert.ok(
    seconds.every((s) => s > 0),
    `${seconds}`,
  )
  assert.ok(stepsMs <= unet + 0.1, `steps ${stepsMs} ms, unet ${unet} ms`)
})

test('cancellation seen after the last step still cancels before the VAE', async () => {
  const p = await LcmPipeline.load(dirs.model, CPU)
  const steps: number[] = []
  await assert.rejects(
    p.generate(req(['a'], [1], 2), { onStep: (s) => steps.push(s), cancelled: () => steps.length >= 2 }),
    (e: AppError) => e.code === 'CANCELLED' && /cancelled/.test(e.message),
  )
  assert.deepEqual(steps, [1, 2])
})

test("the model folder's own tokenizer/ is the one loaded: half a tokenizer is MODEL_INVALID", async () => {
  const dir = writeTinyLcmModel(join(dirs.root, 'own-tokenizer'))
  mkdirSync(join(dir, 'tokenizer'))
  writeFileSync(join(dir, 'tokenizer', 'vocab.json'), '{}')
  await assert.rejects(LcmPipeline.load(dir, CPU), (e: AppError) => e.code === 'MODEL_INVALID')
})
