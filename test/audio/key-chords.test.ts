import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChromaProfile } from '../../src/audio/chroma.ts'
import { triadShares } from '../../src/audio/key-chords.ts'

/** Per-frame chroma from a list of (treble notes, bass note or -1) frames, all at level 1. */
function frames(list: [number[], number][]): ChromaProfile {
  const n = list.length
  const frameTreble = new Float32Array(n * 12)
  const frameBass = new Float32Array(n * 12)
  list.forEach(([notes, bass], f) => {
    for (const pc of notes) frameTreble[f * 12 + pc] = 1 / notes.length
    if (bass >= 0) frameBass[f * 12 + bass] = 1
  })
  return {
    treble: new Float64Array(12),
    bass: new Float64Array(12),
    frameTreble,
    frameBass,
    frameLevel: new Float32Array(n).fill(1),
    hopSec: 0.19,
    tuningCents: 0,
  }
}

const repeat = <T>(x: T, k: number): T[] => Array.from({ length: k }, () => x)
const C_MAJOR = [0, 4, 7]
const A_MINOR = [9, 0, 4]
const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9

test('reads 8 frames of C major and 4 of A minor (root in the bass) as 2/3 C major, 1/3 A minor', () => {
  const s = triadShares(
    frames([...repeat<[number[], number]>([C_MAJOR, 0], 8), ...repeat<[number[], number]>([A_MINOR, 9], 4)]),
  )
  assert.ok(near(s.major[0], 2 / 3), `C major ${s.major[0]}`)
  assert.ok(near(s.minor[9], 1 / 3), `A minor ${s.minor[9]}`)
  const others = [...s.major, ...s.minor].reduce((a, x) => a + x, 0) - s.major[0] - s.minor[9]
  assert.ok(near(others, 0), `other triads ${others}`)
})

test('counts an A minor chord over a C bass (not its root) at half weight, a chord with no bass in full', () => {
  const overC = triadShares(frames(repeat<[number[], number]>([A_MINOR, 0], 8)))
  assert.ok(near(overC.minor[9], 0.5), `A minor over C ${overC.minor[9]}`)
  const noBass = triadShares(frames(repeat<[number[], number]>([A_MINOR, -1], 8)))
  assert.ok(near(noBass.minor[9], 1), `A minor without bass ${noBass.minor[9]}`)
})

test('gives all-zero shares for silence', () => {
  const s = triadShares(frames(repeat<[number[], number]>([[], -1], 8)))
  assert.equal([...s.major, ...s.minor].filter((x) => x !== 0).length, 0)
})

test('leaves blocks that sound but hold no pitch (drums alone) out of the shares: C major stays 1', () => {
  const s = triadShares(
    frames([...repeat<[number[], number]>([C_MAJOR, 0], 8), ...repeat<[number[], number]>([[], -1], 4)]),
  )
  assert.ok(near(s.major[0], 1), `C major ${s.major[0]}`)
})
