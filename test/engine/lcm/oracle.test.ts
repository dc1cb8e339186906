// The LCM pipeline against numbers an independent computation produced: oracle models with closed-form
// outputs (test/helpers/oracle-onnx.ts) and a float64 reference of the whole trajectory written from the
// specification (test/helpers/lcm-reference.ts), for batch 1 and 4, steps 1-8 and two guidance scales.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LcmPipeline, type LcmOutput } from '../../../src/engine/lcm/pipeline.ts'
import { maxAbsDiff, refGenerate, type RefImage } from '../../helpers/lcm-reference.ts'
import { oracleWeights, writeOracleLcmModel, type OracleWeights } from '../../helpers/oracle-onnx.ts'

const CPU = { device: 'cpu' as const, intraOpThreads: 1, interOpThreads: 1 }
// Token IDs of the CLIP reference implementation (design/lcm-onnx.md), padded with EOS to 77.
const PROMPTS: [string, number[]][] = [
  ['a photo of a cat', [49406, 320, 1125, 539, 320, 2368, 49407]],
  ['Hello, world!', [49406, 3306, 267, 1002, 256, 49407]],
  ['', [49406, 49407]],
  ['An astronaut riding a horse', [49406, 550, 18376, 6765, 320, 4558, 49407]],
]
const ids = (i: number) => [...PROMPTS[i][1], ...new Array<number>(77 - PROMPTS[i][1].length).fill(49407)]
// Not square, so a swapped height and width cannot pass.
const WIDTH = 40
const HEIGHT = 24
const TOL = 1e-5

let root: string
let wts: OracleWeights
let pipe: LcmPipeline
before(async () => {
  root = mkdtempSync(join(tmpdir(), 'm2p-oracle-'))
  wts = oracleWeights()
  pipe = await LcmPipeline.load(writeOracleLcmModel(join(root, 'fp32'), wts), CPU)
})
after(() => rmSync(root, { recursive: true, force: true }))

const generate = (p: LcmPipeline, prompts: number[], seeds: number[], steps: number, guidance: number) =>
  p.generate({ prompts: prompts.map((i) => PROMPTS[i][0]), seeds, steps, guidance, width: WIDTH, height: HEIGHT })
const reference = (prompt: number, seed: number, steps: number, guidance: number) =>
  refGenerate(wts, { ids: ids(prompt), seed, steps, guidance, width: WIDTH, height: HEIGHT })

/** Image b of `out` against the reference: latents, floats and bytes. */
function assertMatches(out: LcmOutput, b: number, ref: RefImage, what: string, tol = TOL) {
  const dl = maxAbsDiff(out.latents, ref.latents, b * ref.latents.length)
  assert.ok(dl <= tol, `${what}: latents differ by ${dl}`)
  const df = maxAbsDiff(out.floats, ref.floats, b * ref.floats.length)
  assert.ok(df <= tol, `${what}: decoded floats differ by ${df}`)
  const img = out.images[b]
  assert.deepEqual([img.width, img.height, img.data.length], [WIDTH, HEIGHT, WIDTH * HEIGHT * 3], what)
  // bytes: RGB interleaved, pixel = float * 255 rounded
  const plane = WIDTH * HEIGHT
  for (let i = 0; i < plane; i++)
    for (let c = 0; c < 3; c++) {
      const want = ref.floats[c * plane + i] * 255
      const got = img.data[i * 3 + c]
      assert.ok(Math.abs(got - want) <= 0.5 + 255 * tol, `${what}: byte ${i}/${c} is ${got}, want ${want}`)
    }
}

test('the reference itself keeps most pixels unclamped, so the comparison sees the numbers', () => {
  const ref = reference(0, 1, 4, 8.5)
  const inside = ref.floats.filter((v) => v > 0 && v < 1).length
  assert.ok(inside >= 0.8 * ref.floats.length, `only ${inside} of ${ref.floats.length} pixels unclamped`)
  assert.ok(Math.max(...ref.latents.map(Math.abs)) > 0.05, 'latents are not all near zero')
  // one step leaves large latents: some pixels clamp at both ends, so the clamp is exercised too
  const loud = reference(0, 1, 1, 8.5).floats
  assert.ok(loud.includes(0) && loud.includes(1), 'one-step pixels reach both clamps')
})

test('batch of 4 matches the float64 reference within 1e-5 for steps 1-8 and guidance 8.5 and 2', async () => {
  const seeds = [101, 202, 303, 404]
  for (const guidance of [8.5, 2])
    for (let steps = 1; steps <= 8; steps++) {
      const out = await generate(pipe, [0, 1, 2, 3], seeds, steps, guidance)
      for (let b = 0; b < 4; b++)
        assertMatches(out, b, reference(b, seeds[b], steps, guidance), `g=${guidance} steps=${steps} image ${b}`)
    }
})

test('batch of 1 matches the float64 reference within 1e-5 for steps 1-8 and guidance 8.5 and 2', async () => {
  for (const guidance of [8.5, 2])
    for (let steps = 1; steps <= 8; steps++) {
      const prompt = steps % 4
      const out = await generate(pipe, [prompt], [steps * 7], steps, guidance)
      assert.equal(out.images.length, 1)
      assertMatches(out, 0, reference(prompt, steps * 7, steps, guidance), `g=${guidance} steps=${steps}`)
    }
})

test("the text encoder's output reaches encoder_hidden_states: only the prompt differs, so do the images", async () => {
  const out = await generate(pipe, [0, 3], [5, 5], 4, 8.5)
  assertMatches(out, 0, reference(0, 5, 4, 8.5), 'cat')
  assertMatches(out, 1, reference(3, 5, 4, 8.5), 'astronaut')
  const per = out.latents.length / 2
  const d = maxAbsDiff(out.latents, out.latents.subarray(per), 0)
  assert.ok(d > 1e-3, `same seed, different prompts differ by only ${d}`)
})

test('the guidance embedding reaches timestep_cond: only the scale differs, so do the images', async () => {
  const a = await generate(pipe, [1], [9], 3, 8.5)
  const b = await generate(pipe, [1], [9], 3, 4)
  assertMatches(a, 0, reference(1, 9, 3, 8.5), 'g=8.5')
  assertMatches(b, 0, reference(1, 9, 3, 4), 'g=4')
  assert.ok(maxAbsDiff(a.latents, b.latents) > 1e-3, 'guidance changes the result')
})

test("each image of a batch gets its own seed's noise; one base seed serves every image", async () => {
  const own = await generate(pipe, [2, 2, 2], [71, 72, 73], 2, 8.5)
  for (let b = 0; b < 3; b++) assertMatches(own, b, reference(2, 71 + b, 2, 8.5), `seed ${71 + b}`)
  assert.deepEqual(
    own.images.map((i) => i.seed),
    [71, 72, 73],
  )
  const base = await generate(pipe, [0, 1, 2], [33], 2, 8.5)
  for (let b = 0; b < 3; b++) assertMatches(base, b, reference(b, 33, 2, 8.5), `base seed, image ${b}`)
  assert.deepEqual(
    base.images.map((i) => i.seed),
    [33, 33, 33],
  )
  const none = await generate(pipe, [1], [], 2, 8.5)
  assertMatches(none, 0, reference(1, 0, 2, 8.5), 'no seed')
  assert.equal(none.images[0].seed, 0)
})

test('int64 token IDs, a float32 timestep and extra outputs listed first give the same reference numbers', async () => {
  const dir = writeOracleLcmModel(join(root, 'int64-float'), wts, {
    idsType: 'int64',
    timestepType: 'float32',
    decoyOutputs: true,
  })
  const p = await LcmPipeline.load(dir, CPU)
  const out = await generate(p, [3, 0], [12, 13], 4, 8.5)
  assertMatches(out, 0, reference(3, 12, 4, 8.5), 'image 0')
  assertMatches(out, 1, reference(0, 13, 4, 8.5), 'image 1')
})

test('an fp16 export (float16 inputs, outputs and timestep) matches its fp32 twin within fp16 tolerance', async () => {
  const p16 = await LcmPipeline.load(writeOracleLcmModel(join(root, 'fp16'), wts, { fp16: true }), CPU)
  for (const steps of [1, 4]) {
    const half = await generate(p16, [0, 3], [21, 22], steps, 8.5)
    const full = await generate(pipe, [0, 3], [21, 22], steps, 8.5)
    // inputs rounded to 11 significant bits, amplified by 1 / sqrt(alpha_999) ~ 15 in x0 and by 1 / 0.18215
    const dl = maxAbsDiff(half.latents, full.latents)
    const df = maxAbsDiff(half.floats, full.floats)
    assert.ok(dl <= 2e-2 && df <= 2e-2, `steps=${steps}: latents differ by ${dl}, floats by ${df}`)
    // and it really went through float16: not bit-identical to the fp32 run
    assert.ok(dl > 1e-6, `steps=${steps}: fp16 equals fp32 exactly (${dl}), so no float16 was involved`)
  }
})
