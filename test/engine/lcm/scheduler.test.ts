// The LCM scheduler, guidance embedding and seeded noise, one function at a time, against values worked
// out independently: numpy float64 for one step at each of 999/759/499/259, and the reference helpers.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { alphasCumprod, boundaryScalings, lcmStep, lcmTimesteps } from '../../../src/engine/lcm/scheduler.ts'
import { guidanceEmbedding } from '../../../src/engine/lcm/guidance.ts'
import { batchNoise, GaussianSource } from '../../../src/engine/lcm/noise.ts'
import { maxAbsDiff, refAlphasCumprod, refGuidance, refNormals, refTimesteps } from '../../helpers/lcm-reference.ts'

const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want)

// numpy: ac = cumprod(1 - linspace(sqrt(.00085), sqrt(.012), 1000)**2); s = 10 t;
// c_skip = .25 / (s*s + .25); 1 - c_out = -expm1(-.5 * log1p(.25 / s**2));
// x = [1, -.5, 2, .25], eps = [.8, -.3, 1.5, .1], z = [.3, -1.2, .7, .05], prev = next of the four (none after 259).
const STEPS = [
  {
    t: 999,
    prevT: 759,
    cSkip: 2.5050075037374525e-9,
    oneMinusCOut: 1.252503752653109e-9,
    denoised: [2.95710056, -2.9400144, 7.37566524, 2.20073926],
    next: [0.967764936, -1.84004993, 2.36683095, 0.551549366],
  },
  {
    t: 759,
    prevT: 499,
    cSkip: 4.339667493201184e-9,
    oneMinusCOut: 2.1698337489546812e-9,
    denoised: [0.967893709, -0.910002539, 2.3618431, 0.668029111],
    next: [0.764995541, -1.49940033, 1.83948845, 0.394508734],
  },
  {
    t: 499,
    prevT: 259,
    cSkip: 1.004012021999791e-8,
    oneMinusCOut: 5.020060122599457e-9,
    denoised: [0.607427038, -0.465002138, 1.3761427, 0.313145378],
    next: [0.668284818, -1.07824382, 1.52589669, 0.283401637],
  },
  {
    t: 259,
    prevT: null,
    cSkip: 3.726837564778493e-8,
    oneMinusCOut: 1.8634187997508946e-8,
    denoised: [0.656367685, -0.400121803, 1.38467333, 0.236029882],
    next: [0.656367685, -0.400121803, 1.38467333, 0.236029882],
  },
]

test('one step at 999, 759, 499 and 259 gives the hand-derived denoised and re-noised latents', () => {
  for (const s of STEPS) {
    const sample = new Float32Array([1, -0.5, 2, 0.25])
    const eps = new Float32Array([0.8, -0.3, 1.5, 0.1])
    const noise = s.prevT === null ? null : new Float32Array([0.3, -1.2, 0.7, 0.05])
    const denoised = lcmStep(sample, eps, s.t, s.prevT, noise)
    // float32 storage: about 1 ulp of values up to 7.4
    assert.ok(maxAbsDiff(denoised, s.denoised) < 2e-6, `t=${s.t}: denoised ${[...denoised]}`)
    assert.ok(maxAbsDiff(sample, s.next) < 2e-6, `t=${s.t}: next sample ${[...sample]}`)
    assert.notEqual(denoised, sample, 'denoised is a new array')
  }
})

test('at t = 0 the boundary condition returns the sample itself (c_skip = 1, c_out = 0)', () => {
  const sample = new Float32Array([1, -0.5, 2, 0.25])
  const denoised = lcmStep(sample, new Float32Array([9, 9, 9, 9]), 0, null, null)
  assert.deepEqual([...denoised], [1, -0.5, 2, 0.25])
})

test('the last step (no previous timestep) leaves the denoised latents in place even when given noise', () => {
  const sample = new Float32Array([1, -0.5, 2, 0.25])
  const denoised = lcmStep(sample, new Float32Array([0.8, -0.3, 1.5, 0.1]), 259, null, new Float32Array(4).fill(9))
  assert.deepEqual([...sample], [...denoised])
  assert.ok(maxAbsDiff(sample, STEPS[3].denoised) < 2e-6)
})

test('boundary scalings at the four timesteps use timestep scaling 10 and sigma_data 0.5', () => {
  for (const s of STEPS) {
    const { cSkip, cOut } = boundaryScalings(s.t)
    assert.ok(rel(cSkip, s.cSkip) < 1e-9, `t=${s.t}: c_skip ${cSkip}`)
    assert.ok(rel(1 - cOut, s.oneMinusCOut) < 1e-4, `t=${s.t}: 1 - c_out ${1 - cOut}`)
  }
  // at t = 0 the boundary condition is the identity: c_skip = 1, c_out = 0
  assert.deepEqual(boundaryScalings(0), { cSkip: 1, cOut: 0 })
  const mid = boundaryScalings(0.05) // s = 0.5: c_skip = .25 / .5, c_out = .5 / sqrt(.5)
  assert.ok(Math.abs(mid.cSkip - 0.5) < 1e-15 && Math.abs(mid.cOut - Math.SQRT1_2) < 1e-15, JSON.stringify(mid))
})

test('alphas_cumprod equals the reference everywhere and the spec constants at the four timesteps', () => {
  const ac = alphasCumprod()
  const ref = refAlphasCumprod()
  assert.equal(ac.length, 1000)
  assert.ok(maxAbsDiff(ac, ref) < 1e-15, 'float64 both')
  assert.ok(Math.abs(ac[0] - (1 - 0.00085)) < 1e-15, String(ac[0]))
  const spec: [number, number][] = [
    [999, 0.0046601],
    [759, 0.0522129],
    [499, 0.2776695],
    [259, 0.6589755],
  ]
  for (const [t, v] of spec) assert.ok(Math.abs(ref[t] - v) < 5e-8 + 5e-7, `reference alpha_cumprod[${t}] ${ref[t]}`)
  assert.equal(alphasCumprod(), ac, 'computed once')
})

test('timesteps for 1-8 steps equal the reference (numpy linspace indices)', () => {
  for (let n = 1; n <= 8; n++) assert.deepEqual(lcmTimesteps(n), refTimesteps(n), `${n} steps`)
  assert.deepEqual(refTimesteps(4), [999, 759, 499, 259])
  assert.deepEqual(refTimesteps(8), [999, 879, 759, 639, 499, 379, 259, 139])
  assert.deepEqual(refTimesteps(3), [999, 679, 339])
})

test('guidance embedding equals the reference for several scales and the spec values for 8.5', () => {
  for (const g of [1, 2, 4.5, 8.5, 12]) {
    const e = guidanceEmbedding(g)
    assert.equal(e.length, 256)
    assert.ok(maxAbsDiff(e, refGuidance(g)) < 1e-6, `g=${g}`)
  }
  const e = refGuidance(8.5)
  assert.ok(Math.abs(e[0] - -0.85124) < 1e-5 && Math.abs(e[128] - -0.52478) < 1e-5, `${e[0]} ${e[128]}`)
  const small = guidanceEmbedding(3, 8) // dim is a parameter: frequencies exp(-i ln 1e4 / 3)
  const w = 2000
  const want = [0, 1, 2, 3].map((i) => w * Math.exp((-i * Math.log(10000)) / 3))
  assert.ok(maxAbsDiff(small, [...want.map(Math.sin), ...want.map(Math.cos)]) < 1e-6, `${[...small]}`)
})

test('seeded noise equals the independently re-implemented generator, per image, across calls', () => {
  for (const seed of [0, 1, 42, 0xffffffff]) {
    const src = new GaussianSource(seed)
    const ref = refNormals(seed)
    for (const n of [7, 1, 64]) {
      const a = new Float32Array(n)
      src.fill(a)
      assert.ok(maxAbsDiff(a, ref(n)) < 1e-6, `seed ${seed}, ${n} values`)
    }
  }
  const out = new Float32Array(10).fill(5)
  new GaussianSource(3).fill(out, 2, 6)
  assert.deepEqual([out[0], out[1], out[8], out[9]], [5, 5, 5, 5], 'fills only offset..offset+length')
  assert.ok(maxAbsDiff(out.subarray(2, 8), refNormals(3)(6)) < 1e-6)
  const tail = new Float32Array(4)
  const src = new GaussianSource(3)
  src.fill(tail, 1)
  const ref = refNormals(3)
  assert.ok(maxAbsDiff(tail.subarray(1), ref(3)) < 1e-6, 'length defaults to the rest')
  const more = new Float32Array(3)
  src.fill(more)
  assert.ok(maxAbsDiff(more, ref(3)) < 1e-6, 'and draws exactly that many: the stream continues where it was')
})

test('batch noise puts image b at [b * per, (b + 1) * per) from its own generator', () => {
  const per = 6
  const sources = [5, 6, 7].map((s) => new GaussianSource(s))
  const first = batchNoise(sources, per)
  const second = batchNoise(sources, per)
  assert.equal(first.length, 18)
  for (let b = 0; b < 3; b++) {
    const ref = refNormals(5 + b)
    assert.ok(maxAbsDiff(first, ref(per), b * per) < 1e-6, `image ${b}, first draw`)
    assert.ok(maxAbsDiff(second, ref(per), b * per) < 1e-6, `image ${b}, second draw continues its stream`)
  }
})

test('noise is standard normal: mean 0, variance 1 over 20000 samples', () => {
  const a = new Float32Array(20000)
  new GaussianSource(9).fill(a)
  const mean = a.reduce((s, v) => s + v, 0) / a.length
  const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `mean ${mean}, variance ${variance}`)
})
