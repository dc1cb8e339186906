import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildPrompts, contrastRatio, getStyle, hexToHsl, listStyles, makePalette, PromptFeaturesSchema, type PromptFeatures } from '../../src/prompt/index.ts'
import { AppError } from '../../src/errors.ts'

const SLOW_QUIET_MINOR: PromptFeatures = { bpm: 66, tonic: 'A', mode: 'minor', energy: 0.12, valence: -0.7, arousal: -0.7, brightness: 0.18, danceability: 0.2, dynamicRangeDb: 14, mood: 'melancholic', sections: [0.1, 0.15, 0.12], durationSec: 240 }
const FAST_LOUD_MAJOR: PromptFeatures = { bpm: 150, tonic: 'E', mode: 'major', energy: 0.92, valence: 0.75, arousal: 0.85, brightness: 0.82, danceability: 0.9, dynamicRangeDb: 5, mood: 'euphoric', sections: [0.3, 0.8, 0.95, 0.9, 0.6], durationSec: 200 }

test('same features, style and seed give identical prompts; another seed differs', () => {
  const a = buildPrompts(FAST_LOUD_MAJOR, { style: 'swiss', count: 4, seed: 9 })
  const b = buildPrompts(FAST_LOUD_MAJOR, { style: 'swiss', count: 4, seed: 9 })
  const c = buildPrompts(FAST_LOUD_MAJOR, { style: 'swiss', count: 4, seed: 10 })
  assert.deepEqual(a, b)
  assert.notDeepEqual(a.prompts.map((p) => p.text), c.prompts.map((p) => p.text))
  assert.equal(new Set(a.prompts.map((p) => p.text)).size, 4, 'variations differ from each other')
  assert.equal(new Set(a.prompts.map((p) => p.seed)).size, 4)
  assert.deepEqual(buildPrompts(FAST_LOUD_MAJOR, { style: 'swiss' }), buildPrompts(FAST_LOUD_MAJOR, { style: 'swiss' }), 'default seed is stable')
})

test('every style x a grid of feature extremes x 8 variations stays within 77 CLIP tokens', () => {
  let checked = 0
  for (const style of listStyles()) {
    for (const bpm of [40, 95, 128, 200]) for (const energy of [0, 0.5, 1]) for (const mode of ['major', 'minor'] as const) for (const valence of [-1, 1]) {
      const f = { ...FAST_LOUD_MAJOR, bpm, energy, mode, valence, brightness: energy, sections: energy > 0.5 ? [0.1, 0.9, 0.5, 0.95, 0.2, 0.8] : [] }
      for (const p of buildPrompts(f, { style: style.id, count: 8, seed: bpm }).prompts) {
        assert.ok(p.tokens <= 77, `${style.id}: ${p.tokens} tokens: ${p.text}`)
        assert.ok(p.text.startsWith(style.medium[0]), 'the style leads the prompt')
        checked++
      }
    }
  }
  assert.ok(checked >= 12 * 48 * 8)
})

test('slow quiet minor and fast loud major tracks get clearly different words and palettes', () => {
  const slow = buildPrompts(SLOW_QUIET_MINOR, { style: 'watercolour', count: 1, seed: 1 })
  const fast = buildPrompts(FAST_LOUD_MAJOR, { style: 'watercolour', count: 1, seed: 1 })
  assert.match(slow.prompts[0].text, /slow drifting/)
  assert.match(slow.prompts[0].text, /melancholy/)
  assert.match(slow.prompts[0].text, /cold blue tones|cool twilight tones/)
  assert.match(fast.prompts[0].text, /driving kinetic|frenetic/)
  assert.match(fast.prompts[0].text, /euphoric/)
  assert.match(fast.prompts[0].text, /warm golden tones/)
  const [hs, ss, ls] = hexToHsl(slow.palette[1])
  const [hf, sf] = hexToHsl(fast.palette[1])
  const warmDist = (h: number) => Math.min(Math.abs(h - 35), 360 - Math.abs(h - 35))
  assert.ok(warmDist(hf) + 40 < warmDist(hs), `fast hue ${hf.toFixed(0)} is warmer than slow ${hs.toFixed(0)}`)
  assert.ok(sf > ss + 0.2, `fast saturation ${sf.toFixed(2)} > slow ${ss.toFixed(2)}`)
  assert.ok(ls >= 0 && ls <= 1)
})

test('palettes have five colours and ink readable on the ground (WCAG >= 4.5)', () => {
  for (const style of listStyles()) for (const f of [SLOW_QUIET_MINOR, FAST_LOUD_MAJOR]) {
    const p = makePalette(f, style)
    assert.equal(p.length, 5)
    assert.ok(p.every((c) => /^#[0-9a-f]{6}$/.test(c)))
    assert.ok(contrastRatio(p[4], p[0]) >= 4.5, `${style.id}: ${p[4]} on ${p[0]} = ${contrastRatio(p[4], p[0]).toFixed(2)}`)
  }
})

test('each prompt explains which feature produced which words', () => {
  const p = buildPrompts(SLOW_QUIET_MINOR, { style: 'film-noir', count: 1, seed: 3 }).prompts[0]
  const tempo = p.explanation.find((e) => e.feature === 'tempo')!
  assert.equal(tempo.value, 66)
  assert.ok(tempo.words.every((w) => p.text.includes(w)))
  assert.ok(p.explanation.some((e) => e.feature === 'key + mode + valence' && String(e.value).startsWith('A minor')))
})

test('unknown styles and bad features are refused with clear messages', () => {
  assert.throws(() => getStyle('cubism-by-someone'), (e: AppError) => e.code === 'UNKNOWN_STYLE' && /swiss/.test(e.message))
  assert.ok(listStyles().length >= 10)
  const bad = PromptFeaturesSchema.safeParse({ ...FAST_LOUD_MAJOR, bpm: 1000, tonic: 'H', extra: 1 })
  assert.equal(bad.success, false)
  const paths = bad.error!.issues.map((i) => i.path.join('.') || i.code)
  assert.ok(paths.includes('bpm') && paths.includes('tonic'), paths.join(','))
  assert.equal(PromptFeaturesSchema.safeParse(FAST_LOUD_MAJOR).success, true)
})
