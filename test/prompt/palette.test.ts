import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import type { AppError } from '../../src/errors.ts'
import { contrastRatio, deltaE, hexToHsl, hexToLab, hslToHex, keyHue, makePalette } from '../../src/prompt/palette.ts'
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
  assert.ok(loud[1] - quiet[1] >= 0.3, `saturation ${quiet[1].toFixed(2)} -> ${loud[1].toFixed(2)}`)
  for (const style of listStyles()) {
    const c = (energy: number) => {
      const p = makePalette({ ...BASE, energy }, style)
      return contrastRatio(p[1], p[0])
    }
    assert.ok(c(0.95) > c(0.05), `${style.id}: primary contrast ${c(0.05).toFixed(2)} -> ${c(0.95).toFixed(2)}`)
  }
})

test('grounds follow the scheme: dark schemes dark, light schemes light, psychedelic by the mood', () => {
  for (const s of listStyles()) {
    const L = hexToHsl(makePalette(BASE, s)[0])[2]
    if (s.palette.groundDark) continue
    if (s.palette.ground.l < 0.5) assert.ok(L < 0.2, `${s.id} ground L ${L}`)
    else assert.ok(L > 0.8, `${s.id} ground L ${L}`)
  }
  const psy = getStyle('psychedelic')
  assert.ok(hexToHsl(makePalette({ ...BASE, mode: 'minor', valence: -0.5 }, psy)[0])[2] < 0.2)
  assert.ok(hexToHsl(makePalette({ ...BASE, mode: 'major', valence: 0.5 }, psy)[0])[2] > 0.8)
})

/** Every key x mode x energy x valence x brightness corner, in one style. */
function everyTrack(style: string): string[][] {
  const out: string[][] = []
  for (const tonic of PCS)
    for (const mode of ['major', 'minor'] as const)
      for (const energy of [0, 0.3, 0.7, 1])
        for (const valence of [-1, 0, 1])
          for (const brightness of [0, 1])
            out.push(makePalette({ ...BASE, tonic, mode, energy, valence, brightness }, getStyle(style)))
  return out
}
const PCS = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const
const lightness = (hex: string) => hexToLab(hex)[0]
const chroma = (hex: string) => Math.hypot(hexToLab(hex)[1], hexToLab(hex)[2])
/** Hue in degrees is within [from, to] going round the circle. */
const hueIn = (hex: string, from: number, to: number) => {
  const h = hexToHsl(hex)[0]
  return from <= to ? h >= from && h <= to : h >= from || h <= to
}

test('each style keeps its anchor colours for every key, mode, energy, valence and brightness', () => {
  const check = (style: string, ok: (p: string[]) => boolean, what: string) => {
    for (const p of everyTrack(style)) assert.ok(ok(p), `${style}: ${what}: ${p.join(' ')}`)
  }
  const gold = hslToHex(43, 0.68, 0.52)
  check('art-deco', (p) => deltaE(p[1], gold) <= 20, 'gold within ΔE 20 of its gold')
  check('art-deco', (p) => lightness(p[0]) < 15 && lightness(p[2]) > 80, 'near-black ground and cream')
  check('constructivist', (p) => hueIn(p[1], 350, 12) && hexToHsl(p[1])[1] > 0.55, 'a red')
  check('constructivist', (p) => lightness(p[2]) < 15, 'a near-black')
  check('constructivist', (p) => lightness(p[0]) > 80 && hueIn(p[0], 30, 55), 'a cream')
  check('risograph', (p) => hueIn(p[1], 320, 345) && hexToHsl(p[1])[1] > 0.8, 'fluorescent pink ink')
  check('risograph', (p) => lightness(p[0]) > 90, 'white paper')
  check('synthwave', (p) => lightness(p[0]) < 15 && hueIn(p[0], 240, 290), 'deep purple night')
  check('synthwave', (p) => hueIn(p[1], 295, 340) && hueIn(p[3], 165, 205), 'neon magenta and cyan')
  check('vaporwave', (p) => p.slice(0, 4).every((c) => hexToHsl(c)[2] >= 0.6), 'pastels (HSL lightness >= 0.6)')
  check('film-noir', (p) => p.slice(0, 3).every((c) => chroma(c) < 8), 'greys (chroma < 8)')
  check('ukiyo-e', (p) => hueIn(p[1], 195, 230) && hueIn(p[3], 0, 22), 'Prussian blue and vermilion')
  check('ukiyo-e', (p) => lightness(p[0]) > 80, 'paper')
  check('linocut', (p) => lightness(p[1]) < 15 && lightness(p[0]) > 85, 'black ink on paper')
  check('bauhaus', (p) => hueIn(p[1], 355, 15) && hueIn(p[2], 205, 240) && hueIn(p[3], 38, 54), 'red, blue, yellow')
  check('psychedelic', (p) => p.every((c) => !hueIn(c, 80, 160) || hexToHsl(c)[1] < 0.4), 'no garish green')
})

test('the music tints each style: contrasting tracks get different colours inside the scheme', () => {
  const loud = { ...BASE, tonic: 'E' as const, mode: 'major' as const, energy: 0.9, valence: 0.7, brightness: 0.8 }
  const quiet = { ...BASE, tonic: 'F' as const, mode: 'minor' as const, energy: 0.1, valence: -0.6, brightness: 0.2 }
  for (const s of listStyles()) {
    const [a, b] = [makePalette(loud, s), makePalette(quiet, s)]
    // black ink stays black: the tint may show in any of primary, secondary and accent
    const moved = Math.max(...[1, 2, 3].map((i) => deltaE(a[i], b[i])))
    assert.ok(moved > 10, `${s.id}: ${a.join(' ')} vs ${b.join(' ')}`)
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
