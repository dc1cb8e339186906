import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  buildPrompts,
  contrastRatio,
  getClipTokenizer,
  getStyle,
  hexToHsl,
  listStyles,
  type PromptFeatures,
} from '../../src/prompt/index.ts'
import fc from 'fast-check'
import { SUBJECTS } from '../../src/prompt/vocabulary.ts'
import { arbitraryFeatures } from './arbitrary-features.ts'
import { AppError } from '../../src/errors.ts'
import { FAST_LOUD_MAJOR } from '../helpers/features.ts'

const SLOW_QUIET_MINOR: PromptFeatures = {
  bpm: 66,
  tonic: 'A',
  mode: 'minor',
  energy: 0.12,
  valence: -0.7,
  arousal: -0.7,
  brightness: 0.18,
  danceability: 0.2,
  dynamicRangeDb: 14,
  mood: 'melancholic',
  sections: [0.1, 0.15, 0.12],
  durationSec: 240,
}

test('same features, style and seed give identical prompts; another seed differs', () => {
  const a = buildPrompts(FAST_LOUD_MAJOR, { style: 'swiss', count: 4, seed: 9 })
  const b = buildPrompts(FAST_LOUD_MAJOR, { style: 'swiss', count: 4, seed: 9 })
  const c = buildPrompts(FAST_LOUD_MAJOR, { style: 'swiss', count: 4, seed: 10 })
  assert.deepEqual(a, b)
  assert.notDeepEqual(
    a.prompts.map((p) => p.text),
    c.prompts.map((p) => p.text),
  )
  assert.equal(new Set(a.prompts.map((p) => p.text)).size, 4, 'variations differ from each other')
  assert.equal(new Set(a.prompts.map((p) => p.seed)).size, 4)
  assert.deepEqual(
    buildPrompts(FAST_LOUD_MAJOR, { style: 'swiss' }),
    buildPrompts(FAST_LOUD_MAJOR, { style: 'swiss' }),
    'default seed is stable',
  )
})

test('every style x a grid of feature extremes x 8 variations: <= 77 CLIP tokens, a scene then the style', () => {
  let checked = 0
  for (const style of listStyles()) {
    for (const bpm of [30, 95, 128, 300])
      for (const energy of [0, 0.5, 1])
        for (const mode of ['major', 'minor'] as const)
          for (const valence of [-1, 1])
            for (const brightness of [0, 1]) {
              const f = {
                ...FAST_LOUD_MAJOR,
                bpm,
                energy,
                mode,
                valence,
                brightness,
                danceability: 1 - energy,
                dynamicRangeDb: energy * 30,
                sections: energy > 0.5 ? [0.1, 0.9, 0.5, 0.95, 0.2, 0.8] : [],
              }
              for (const p of buildPrompts(f, { style: style.id, count: 8, seed: bpm }).prompts) {
                assert.ok(p.tokens <= 77, `${style.id}: ${p.tokens} tokens: ${p.text}`)
                // one scene first ("A moonlit forest in deep shadow, in cool twilight tones of ..., wide shot"),
                // then the style's words: a picture to paint, not a list of keywords
                const scene = p.explanation.find((e) => e.feature === 'energy + warmth → subject')!.words[0]
                assert.ok(/^[A-Z]/.test(scene) && p.text.startsWith(`${scene} `), `the scene leads: ${p.text}`)
                const at = p.text.indexOf(`, ${style.medium.join(', ')}, `)
                const view = p.explanation.find((e) => e.feature === 'variation')!.words[0]
                assert.equal(at, p.text.indexOf(view) + view.length, `style words follow the scene: ${p.text}`)
                const kept = p.explanation.map((e) => e.feature)
                for (const must of ['style', 'energy + warmth → subject', 'mood', 'tempo', 'energy'])
                  assert.ok(kept.includes(must), `${must} dropped: ${p.text}`)
                checked++
              }
            }
  }
  assert.equal(checked, listStyles().length * 96 * 8)
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
  // energy -> contrast: the loud track's primary stands out from its ground much more
  const cs = contrastRatio(slow.palette[1], slow.palette[0])
  const cf = contrastRatio(fast.palette[1], fast.palette[0])
  assert.ok(cf > cs * 1.3, `contrast ${cs.toFixed(2)}:1 (slow) vs ${cf.toFixed(2)}:1 (fast)`)
  assert.ok(ls > 0.3, `quiet primary L ${ls.toFixed(2)}`)
  // on a style that lets the music choose the ground, minor/sad goes dark and major/happy goes light
  const slowGround = hexToHsl(buildPrompts(SLOW_QUIET_MINOR, { style: 'psychedelic', count: 1 }).palette[0])[2]
  const fastGround = hexToHsl(buildPrompts(FAST_LOUD_MAJOR, { style: 'psychedelic', count: 1 }).palette[0])[2]
  assert.ok(slowGround < 0.2 && fastGround > 0.8, `ground L ${slowGround.toFixed(2)} vs ${fastGround.toFixed(2)}`)
  assert.match(slow.prompts[0].text, /contemplative stillness/)
  assert.match(fast.prompts[0].text, /dancing figures/)
  assert.doesNotMatch(slow.prompts[0].text, /euphoric|golden|dancing/)
})

test('each prompt explains which feature produced which words', () => {
  const p = buildPrompts(SLOW_QUIET_MINOR, { style: 'film-noir', count: 1, seed: 3 }).prompts[0]
  const tempo = p.explanation.find((e) => e.feature === 'tempo')!
  assert.equal(tempo.value, 66)
  assert.ok(tempo.words.every((w) => p.text.includes(w)))
  assert.ok(p.explanation.some((e) => e.feature === 'key + mode + valence' && String(e.value).startsWith('A minor')))
})

test('unknown styles, bad counts, seeds and features are refused with typed errors', () => {
  assert.throws(
    () => getStyle('cubism-by-someone'),
    (e: AppError) => e.code === 'UNKNOWN_STYLE' && /swiss, synthwave, ukiyo-e/.test(e.message),
  )
  assert.throws(
    () => buildPrompts(FAST_LOUD_MAJOR, { style: 'nope' }),
    (e: AppError) => e.code === 'UNKNOWN_STYLE',
  )
  for (const count of [0, 9, 2.5, Number.NaN]) {
    assert.throws(
      () => buildPrompts(FAST_LOUD_MAJOR, { count }),
      (e: AppError) => e.code === 'INVALID_INPUT' && /count/.test(e.message),
      String(count),
    )
  }
  assert.throws(
    () => buildPrompts(FAST_LOUD_MAJOR, { seed: 1.5 }),
    (e: AppError) => e.code === 'INVALID_INPUT' && /seed/.test(e.message),
  )
  assert.throws(
    () => buildPrompts({ ...FAST_LOUD_MAJOR, bpm: Number.NaN }),
    (e: AppError) => e.code === 'INVALID_INPUT' && /bpm/.test(e.message),
  )
  assert.ok(listStyles().length >= 10)
  for (const id of [
    'swiss',
    'synthwave',
    'ukiyo-e',
    'art-deco',
    'psychedelic',
    'risograph',
    'watercolour',
    'film-noir',
    'bauhaus',
    'vaporwave',
  ])
    assert.equal(getStyle(id).id, id)
})

test('the words follow the music: subject pool by energy and warmth, tokens counted exactly', () => {
  const tok = getClipTokenizer()
  const slow = buildPrompts(SLOW_QUIET_MINOR, { count: 8, seed: 5 }).prompts
  const fast = buildPrompts(FAST_LOUD_MAJOR, { count: 8, seed: 5 }).prompts
  assert.deepEqual(new Set(slow.map((p) => subjectOf(p))), new Set(SUBJECTS.calm.dark))
  assert.deepEqual(new Set(fast.map((p) => subjectOf(p))), new Set(SUBJECTS.high.bright))
  for (const p of [...slow, ...fast]) assert.equal(p.tokens, tok.encode(p.text).length)
})

test('remarkable features survive the token budget: extreme danceability is kept in every style', () => {
  for (const style of listStyles()) {
    for (const p of buildPrompts({ ...FAST_LOUD_MAJOR, danceability: 0.98 }, { style: style.id, count: 8, seed: 2 })
      .prompts) {
      assert.match(p.text, /dancing figures/, `${style.id}: ${p.text}`)
    }
  }
  // a middling danceability is said later than an extreme one
  const mid = buildPrompts({ ...SLOW_QUIET_MINOR, danceability: 0.6 }, { style: 'swiss', count: 1, seed: 2 }).prompts[0]
  const high = buildPrompts({ ...SLOW_QUIET_MINOR, danceability: 1 }, { style: 'swiss', count: 1, seed: 2 }).prompts[0]
  const pos = (p: { explanation: { feature: string }[] }) =>
    p.explanation.findIndex((e) => e.feature === 'danceability')
  assert.ok(
    pos(high) >= 0 && (pos(mid) < 0 || pos(high) < pos(mid)),
    `extreme at ${pos(high)}, middling at ${pos(mid)}`,
  )
})

test("monochrome styles name no hues and repeat no colour; negatives add the style's terms", () => {
  const set = buildPrompts(FAST_LOUD_MAJOR, { style: 'film-noir', count: 8, seed: 4 })
  for (const p of set.prompts) {
    assert.doesNotMatch(p.text, /golden|amber|cyan|azure|crimson|grey and grey/, p.text)
    assert.match(p.text, /sepia tones/)
  }
  assert.match(set.negative!, /watermark.*colour/)
  const swiss = buildPrompts(FAST_LOUD_MAJOR, { style: 'swiss', count: 8, seed: 4 })
  for (const p of swiss.prompts) assert.doesNotMatch(p.text, /(\b[a-z ]+) and \1,/, p.text)
})

// the scene opens the prompt, so its subject is written with a capital
const subjectOf = (p: { explanation: { feature: string; words: string[] }[] }) =>
  p.explanation.find((e) => e.feature.endsWith('subject'))!.words[0].replace(/^./, (c) => c.toLowerCase())

test('any valid features in any style: <= 77 tokens, every explained word is in the text, reproducible', () => {
  const styles = listStyles().map((s) => s.id)
  fc.assert(
    fc.property(
      arbitraryFeatures,
      fc.constantFrom(...styles),
      fc.integer({ min: 1, max: 8 }),
      fc.nat(),
      (f, style, count, seed) => {
        const set = buildPrompts(f, { style, count, seed })
        assert.equal(set.prompts.length, count)
        for (const p of set.prompts) {
          assert.ok(p.tokens <= 77, p.text)
          for (const e of p.explanation)
            for (const w of e.words) assert.ok(p.text.includes(w), `${e.feature}: "${w}" not in ${p.text}`)
        }
        assert.deepEqual(buildPrompts(f, { style, count, seed }), set)
      },
    ),
    { numRuns: 300 },
  )
})

test('the scene reads as one sentence: subject, light, colours and viewpoint, each explained by its feature', () => {
  const p = buildPrompts(SLOW_QUIET_MINOR, { style: 'risograph', count: 1, seed: 8 }).prompts[0]
  const [lead, light, colour, view] = [
    'energy + warmth → subject',
    'brightness',
    'key + mode + valence',
    'variation',
  ].map((f) => p.explanation.find((e) => e.feature === f)!.words[0])
  assert.ok(p.text.startsWith(`${lead} ${light}, ${colour}, ${view}, risograph`), p.text)
  assert.equal(light, 'in deep shadow', 'brightness 0.18 is the darkest band')
  assert.match(colour, /^in (cold blue|cool twilight) tones of [a-z ]+( and [a-z ]+)?$/)
  assert.ok(SUBJECTS.calm.dark.includes(subjectOf(p) as (typeof SUBJECTS.calm.dark)[number]))
})
