// The metrical-level scorer's parts on inputs whose answers are known by construction: a hand-made ACF with peaks
// at multiples of one period, an onset envelope of beats, off-beats and quarter points, and the linear score.
// Expected values are worked out here from the definitions, not read back from src/.

import test from 'node:test'
import assert from 'node:assert/strict'
import {
  METRE_MODEL,
  logPrior,
  metreCandidates,
  scoreCandidate,
  type MetreCandidate,
  type MetreModel,
} from '../../src/audio/metre.ts'

const FPS = 60
/** Beat period in frames: 3600 / 30 = 120 BPM at 60 frames per second. */
const P = 30
const N = P * 40
const near = (a: number, b: number, eps = 1e-9): boolean => Math.abs(a - b) <= eps

/** An ACF with triangular peaks (neighbours at half height) at k * P, of heights `h[k - 1]`, 0.3 beyond. */
function acf(length: number, h = [0.9, 0.8, 0.7, 0.6, 0.95]): Float64Array {
  const r = new Float64Array(length)
  r[0] = 1
  for (let k = 1; k * P + 1 < length; k++) {
    const v = h[k - 1] ?? 0.3
    r[k * P] = v
    r[k * P - 1] = v / 2
    r[k * P + 1] = v / 2
  }
  return r
}

/** Beats 2, off-beats 0.5 (frame 15), quarter points 0.25 (frames 8 and 23) of each period; accent and hats. */
function envelopes(hatsOff = 0.8) {
  const strength = new Float32Array(N)
  const accent = new Float32Array(N)
  const high = new Float32Array(N)
  for (let j = 0; j * P < N; j++) {
    const b = j * P
    strength[b] = 2
    strength[b + 15] = 0.5
    strength[b + 8] = 0.25
    strength[b + 23] = 0.25
    accent[b] = j % 2 === 0 ? 1 : 0.4
    high[b] = 0.4
    high[b + 15] = hatsOff
  }
  return { strength, accent, high }
}

function only(bpm: number, r = acf(400), env = envelopes()): MetreCandidate {
  const c = metreCandidates(r, FPS, [{ bpm, score: 1 }], env.strength, env.accent, env.high)
  const hit = c.find((x) => near(x.bpm, bpm, 1e-6))
  assert.ok(hit, `no candidate at ${bpm} in ${c.map((x) => x.bpm)}`)
  return hit
}

test('describes the 120 BPM candidate: ACF, beat tiling, bar, contrast, off-beats, quarters, hats, alternation', () => {
  const c = only(120)
  assert.equal(c.lag, P)
  assert.ok(near(c.acf, 0.9), `acf ${c.acf}`)
  // Mean ACF at 1..4 periods; the bar is the strongest of 3, 4 and 5 periods (0.7, 0.6, 0.95).
  assert.ok(near(c.harmonic, (0.9 + 0.8 + 0.7 + 0.6) / 4), `harmonic ${c.harmonic}`)
  assert.ok(near(c.bar, 0.95), `bar ${c.bar}`)
  // Beats at 2 over a mean of (2 + 0.5 + 0.25 + 0.25) / 30 per frame; off-beats and quarter points over the beats.
  assert.ok(near(c.contrast, Math.log(2 / (3 / P)), 1e-6), `contrast ${c.contrast}`)
  assert.ok(near(c.between, 0.25), `between ${c.between}`)
  assert.ok(near(c.quarters, 0.125), `quarters ${c.quarters}`)
  assert.ok(near(c.hatsBetween, 0.8 / 0.4), `hats ${c.hatsBetween}`)
  // Even beats carry accent 1, odd ones 0.4.
  assert.ok(near(c.alternation, 0.4, 1e-6), `alternation ${c.alternation}`)
})

test('caps the hats ratio at 3 when the hats between the beats are far louder than on them', () => {
  assert.ok(near(only(120, acf(400), envelopes(2)).hatsBetween, 3))
})

test('gives finite zero features for a silent envelope instead of dividing by zero', () => {
  const z = new Float32Array(N)
  const c = only(120, acf(400), { strength: z, accent: z, high: z })
  for (const k of ['contrast', 'between', 'quarters', 'hatsBetween'] as const) assert.equal(c[k], 0, k)
})

test('offers the 1:2, 2:1, 3:2, 2:3, 4:3, 3:4, 3:1 and 1:3 relatives of a peak, within 40-250 BPM', () => {
  const env = envelopes()
  const c = metreCandidates(acf(400), FPS, [{ bpm: 120, score: 1 }], env.strength, env.accent, env.high)
  // Each relative snaps to the best ACF lag near its own period (frames: 3600 / bpm); 160 BPM (22.5 frames) rounds
  // to 23 frames on this flat stretch of the ACF. 360 BPM (x3) is beyond 250 and left out; 40 BPM (x1/3) is in.
  const want = [120, 240, 60, 180, 80, 3600 / 23, 90, 40]
  assert.deepEqual(
    c.map((x) => Math.round(x.bpm * 100) / 100),
    want.map((x) => Math.round(x * 100) / 100),
  )
})

test('keeps a candidate at exactly 250 BPM and none beyond', () => {
  // At 50 frames per second 250 BPM is exactly 12 frames; on a flat ACF every relative keeps its own period.
  const env = envelopes()
  const flat = new Float64Array(400)
  const c = metreCandidates(flat, 50, [{ bpm: 125, score: 1 }], env.strength, env.accent, env.high)
  assert.ok(
    c.some((x) => near(x.bpm, 250, 1e-6)),
    `${c.map((x) => x.bpm)}`,
  )
  assert.ok(c.every((x) => x.bpm <= 250))
  // and none under 40 BPM: 100 / 3 is left out
  const slow = metreCandidates(flat, 50, [{ bpm: 100, score: 1 }], env.strength, env.accent, env.high)
  assert.ok(slow.length > 0 && slow.every((x) => x.bpm >= 40), `${slow.map((x) => x.bpm)}`)
})

test('snaps a relative to the ACF peak within 3% of its period: 40 BPM to a peak at 92 frames, not 90', () => {
  const env = envelopes()
  const r = acf(400)
  for (const l of [89, 90, 91]) r[l] = 0
  r[91] = 0.35
  r[92] = 0.7
  r[93] = 0.35
  const c = metreCandidates(r, FPS, [{ bpm: 120, score: 1 }], env.strength, env.accent, env.high)
  assert.ok(
    c.some((x) => x.lag === 92),
    `${c.map((x) => x.lag)}`,
  )
})

test('merges relatives of two peaks 1% apart that land within 3% of each other', () => {
  // On a flat ACF each relative keeps its own whole-frame period: 121 / 3 BPM is 89 frames (40.45 BPM) against
  // 90 (40 BPM) for 120 / 3, so it is merged; 4/3 of each (22 and 23 frames) are 4.5% apart and both stay.
  const env = envelopes()
  const c = metreCandidates(
    new Float64Array(400),
    FPS,
    [120, 121].map((bpm) => ({ bpm, score: 1 })),
    env.strength,
    env.accent,
    env.high,
  )
  assert.deepEqual(
    c.map((x) => Math.round(x.bpm * 100) / 100),
    [120, 240, 60, 180, 80, 156.52, 90, 40, 163.64],
  )
})

test('drops a level whose double period does not fit in the ACF (4 beats of 40 BPM need 180 frames)', () => {
  const env = envelopes()
  const short = metreCandidates(acf(181), FPS, [{ bpm: 120, score: 1 }], env.strength, env.accent, env.high)
  assert.ok(!short.some((x) => near(x.bpm, 40, 1e-6)), `40 BPM kept with 181 lags: ${short.map((x) => x.bpm)}`)
  const long = metreCandidates(acf(182), FPS, [{ bpm: 120, score: 1 }], env.strength, env.accent, env.high)
  assert.ok(
    long.some((x) => near(x.bpm, 40, 1e-6)),
    `40 BPM missing with 182 lags`,
  )
})

test('lists a repeated peak once and reads only the four strongest peaks', () => {
  const env = envelopes()
  const one = metreCandidates(acf(400), FPS, [{ bpm: 120, score: 1 }], env.strength, env.accent, env.high)
  const twice = metreCandidates(
    acf(400),
    FPS,
    [1, 0.9].map((score) => ({ bpm: 120, score })),
    env.strength,
    env.accent,
    env.high,
  )
  assert.deepEqual(
    twice.map((x) => x.bpm),
    one.map((x) => x.bpm),
  )
  // A fifth peak at 200 BPM adds none of its relatives (200, 100, 133, 150, 67).
  const peaks = [120, 120, 120, 120, 200].map((bpm, i) => ({ bpm, score: 1 - i / 10 }))
  const c = metreCandidates(acf(400), FPS, peaks, env.strength, env.accent, env.high)
  for (const f of [200, 100, 400 / 3, 150, 200 / 3])
    assert.ok(!c.some((x) => Math.abs(x.bpm / f - 1) < 0.03), `${f} from the fifth peak in ${c.map((x) => x.bpm)}`)
})

test('scores a candidate as the log prior plus each weight times its feature, and between squared', () => {
  const c: MetreCandidate = {
    bpm: 100,
    lag: 36,
    acf: 0.3,
    harmonic: 0.5,
    bar: 0.7,
    contrast: 1.1,
    alternation: 0.13,
    between: 0.17,
    quarters: 0.19,
    hatsBetween: 0.23,
  }
  const m: MetreModel = {
    centre: 140,
    sigma: 0.5,
    acf: 2,
    harmonic: 3,
    bar: 5,
    contrast: 7,
    alternation: -11,
    between: 13,
    quarters: -17,
    hatsBetween: 19,
    betweenSq: -23,
  }
  const o = Math.log2(100 / 140) / 0.5
  const want =
    -0.5 * o * o +
    2 * 0.3 +
    3 * 0.5 +
    5 * 0.7 +
    7 * 1.1 -
    11 * 0.13 +
    13 * 0.17 -
    17 * 0.19 +
    19 * 0.23 -
    23 * 0.17 * 0.17
  assert.ok(near(scoreCandidate(c, m), want, 1e-9), `${scoreCandidate(c, m)} vs ${want}`)
})

test('the log prior is 0 at the centre, -1/2 one width away and -2 two widths away, either side', () => {
  const m = { ...METRE_MODEL, centre: 150, sigma: 0.4 }
  assert.ok(near(logPrior(150, m), 0))
  assert.ok(near(logPrior(150 * 2 ** 0.4, m), -0.5))
  assert.ok(near(logPrior(150 / 2 ** 0.8, m), -2))
})

test('the fitted model prefers a middle amount of off-beat content to none or as much as on the beats', () => {
  const base: MetreCandidate = {
    bpm: 120,
    lag: 30,
    acf: 0.5,
    harmonic: 0.5,
    bar: 0.5,
    contrast: 1,
    alternation: 0.5,
    between: 0,
    quarters: 0.2,
    hatsBetween: 0.5,
  }
  const at = (between: number): number => scoreCandidate({ ...base, between }, METRE_MODEL)
  assert.ok(at(0.5) > at(0), `${at(0.5)} vs ${at(0)}`)
  assert.ok(at(0.5) > at(1), `${at(0.5)} vs ${at(1)}`)
})
