import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import type { AppError } from '../../src/errors.ts'
import { contrastRatio, hexToHsl, hslToHex, keyHue, makePalette } from '../../src/prompt/palette.ts'
import { getStyle, listStyles } from '../../src/prompt/styles.ts'
import type { PromptFeatures } from '../../src/prompt/types.ts'
import { arbitraryFeatures } from './arbitrary-features.ts'

const BASE: PromptFeatures = {
  bpm: 110,
  tonic: 'C',
  mode: 'major',
  energy: 0.5,
  valence: 0,
  arousal: 0,
  brightness: 0.5,
  danceability: 0.5,
  dynamicRangeDb: 9,
  mood: 'calm',
  sections: [],
  durationSec: 180,
}

test('hex <-> HSL round-trips and WCAG contrast has its known values', () => {
  assert.equal(hslToHex(0, 1, 0.5), '#ff0000')
  assert.equal(hslToHex(240, 1, 0.5), '#0000ff')
  assert.equal(hslToHex(120, 1, 0.25), '#008000')
  assert.deepEqual(hexToHsl('#ff0000'), [0, 1, 0.5])
  assert.deepEqual(hexToHsl('#fff'), [0, 0, 1])
  assert.equal(contrastRatio('#000000', '#ffffff'), 21)
  assert.equal(contrastRatio('#777777', '#777777'), 1)
  // #767676 on white is the classic just-passing AA grey (4.54:1)
  assert.ok(Math.abs(contrastRatio('#767676', '#ffffff') - 4.54) < 0.01)
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
      const hex = '#' + n.toString(16).padStart(6, '0')
      const [h, s, l] = hexToHsl(hex)
      assert.equal(hslToHex(h, s, l), hex)
    }),
    { numRuns: 2000 },
  )
})

test('malformed hex colours are refused with INVALID_INPUT', () => {
  for (const bad of ['', '#12', 'red', '#gggggg', '#1234567']) {
    assert.throws(
      () => hexToHsl(bad),
      (e: AppError) => e.code === 'INVALID_INPUT',
      bad,
    )
  }
})

test('key hue walks the circle of fifths 30° a step, starting at C = 200°', () => {
  assert.equal(keyHue('C'), 200)
  assert.equal(keyHue('G'), 230)
  assert.equal(keyHue('D'), 260)
  assert.equal(keyHue('F'), 170)
  // warmth 0 (major, valence -0.2): no pull toward amber or blue, so only the key moves the hue
  const neutral = { ...BASE, valence: -0.2 }
  const c = makePalette(neutral, getStyle('swiss'))
  const g = makePalette({ ...neutral, tonic: 'G' }, getStyle('swiss'))
  const dh = hexToHsl(g[1])[0] - hexToHsl(c[1])[0]
  assert.ok(Math.abs(dh - 30) <= 3, `primary hue moved ${dh.toFixed(1)}° for one fifth`)
})

test('at equal warmth, minor sits darker than major; energy raises saturation and contrast', () => {
  const swiss = getStyle('swiss')
  // valence offsets the mode's warmth shift, so both get the same hue and only lightness differs
  const major = hexToHsl(makePalette({ ...BASE, valence: -0.2 }, swiss)[1])
  const minor = hexToHsl(makePalette({ ...BASE, mode: 'minor', valence: 0.2 }, swiss)[1])
  assert.ok(Math.abs(major[0] - minor[0]) < 2, `hues ${major[0]} / ${minor[0]}`)
  assert.ok(major[2] - minor[2] >= 0.08, `major L ${major[2].toFixed(2)} vs minor L ${minor[2].toFixed(2)}`)
  const quiet = hexToHsl(makePalette({ ...BASE, energy: 0.05 }, swiss)[1])
  const loud = hexToHsl(makePalette({ ...BASE, energy: 0.95 }, swiss)[1])
  assert.ok(loud[1] - quiet[1] >= 0.4, `saturation ${quiet[1].toFixed(2)} -> ${loud[1].toFixed(2)}`)
  for (const style of listStyles()) {
    const c = (energy: number) => {
      const p = makePalette({ ...BASE, energy }, style)
      return contrastRatio(p[1], p[0])
    }
    assert.ok(c(0.95) > c(0.05) * 1.8, `${style.id}: primary contrast ${c(0.05).toFixed(2)} -> ${c(0.95).toFixed(2)}`)
  }
})

test('style rules apply: film noir is near-grey, dark-ground styles have dark grounds', () => {
  const noir = makePalette({ ...BASE, energy: 1 }, getStyle('film-noir'))
  assert.ok(
    noir.slice(0, 3).every((c) => hexToHsl(c)[1] < 0.2),
    noir.join(' '),
  )
  for (const s of listStyles()) {
    const L = hexToHsl(makePalette(BASE, s)[0])[2]
    if (s.palette.ground === 'dark') assert.ok(L < 0.2, `${s.id} ground L ${L}`)
    if (s.palette.ground === 'light') assert.ok(L > 0.8, `${s.id} ground L ${L}`)
  }
})

test('any features in any style give five hex colours with ink >= 4.5:1 on the ground', () => {
  const styles = listStyles()
  fc.assert(
    fc.property(arbitraryFeatures, fc.constantFrom(...styles), (f, style) => {
      const p = makePalette(f, style)
      assert.equal(p.length, 5)
      assert.ok(
        p.every((c) => /^#[0-9a-f]{6}$/.test(c)),
        p.join(' '),
      )
      assert.ok(contrastRatio(p[4], p[0]) >= 4.5, `${style.id}: ${p[4]} on ${p[0]}`)
    }),
    { numRuns: 3000 },
  )
})
