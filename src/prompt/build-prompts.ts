// Features + style + seed -> N prompt variations. Each prompt is built from phrases in order of
// importance (style medium, subject, mood, tempo, energy, colour ...) and the least important are
// dropped until it fits CLIP's 77 tokens. Variations change subject, viewpoint and motifs only.
import { getClipTokenizer, CONTEXT_LENGTH } from './clip-tokenizer.ts'
import { colourName, makePalette } from './palette.ts'
import { createRng, hashString, pick, sample } from './random.ts'
import { getStyle, DEFAULT_STYLE } from './styles.ts'
import type { ExplanationItem, PromptFeatures, PromptSet, PromptVariant } from './types.ts'
import {
  bandWords, compositionWords, DANCE_WORDS, ENERGY_WORDS, LIGHT_WORDS, MOOD_WORDS, SUBJECTS, TEMPO_WORDS, VIEWPOINTS, WARMTH_WORDS, warmthOf,
} from './vocabulary.ts'

export interface BuildOptions {
  style?: string
  /** 1-8 */
  count?: number
  /** Request seed; default derived from the features so a track always gives the same prompts. */
  seed?: number
}

interface Phrase {
  text: string
  /** 1 = keep longest; higher numbers are dropped first. */
  priority: number
  feature?: string
  value?: string | number
}

const NEGATIVE = 'text, letters, watermark, signature, blurry, low quality, deformed'

export function defaultSeed(f: PromptFeatures, style: string): number {
  return hashString(`${style}|${f.bpm}|${f.tonic}|${f.mode}|${f.energy}|${f.valence}|${f.brightness}|${f.mood}`)
}

export function buildPrompts(f: PromptFeatures, opts: BuildOptions = {}): PromptSet {
  const style = getStyle(opts.style ?? DEFAULT_STYLE)
  const count = Math.min(8, Math.max(1, Math.floor(opts.count ?? 4)))
  const seed = (opts.seed ?? defaultSeed(f, style.id)) >>> 0
  const palette = makePalette(f, style)
  const tokenizer = getClipTokenizer()
  const rng = createRng(seed)
  const pool = f.energy < 0.35 ? SUBJECTS.calm : f.energy < 0.65 ? SUBJECTS.mid : SUBJECTS.high
  const subjects = sample(rng, pool, count)
  const viewpoints = sample(rng, VIEWPOINTS, count)

  const prompts: PromptVariant[] = []
  for (let i = 0; i < count; i++) {
    const vSeed = hashString(`${seed}:${i}`)
    const vr = createRng(vSeed)
    const phrases: Phrase[] = [
      { text: style.medium.join(', '), priority: 1, feature: 'style', value: style.id },
      { text: subjects[i % subjects.length], priority: 1, feature: 'energy → subject', value: round(f.energy) },
      { text: MOOD_WORDS[f.mood], priority: 2, feature: 'mood', value: f.mood },
      { text: bandWords(TEMPO_WORDS, f.bpm), priority: 2, feature: 'tempo', value: Math.round(f.bpm) },
      { text: bandWords(ENERGY_WORDS, f.energy), priority: 3, feature: 'energy', value: round(f.energy) },
      { text: `${bandWords(WARMTH_WORDS, warmthOf(f))}, ${colourName(palette[1])} and ${colourName(palette[3])}`, priority: 3, feature: 'key + mode + valence', value: `${f.tonic} ${f.mode}, valence ${round(f.valence)}` },
      { text: bandWords(LIGHT_WORDS, f.brightness), priority: 4, feature: 'brightness', value: round(f.brightness) },
      { text: compositionWords(f.sections), priority: 4, feature: 'sections', value: f.sections.length },
      { text: viewpoints[i % viewpoints.length], priority: 5, feature: 'variation', value: i + 1 },
      { text: bandWords(DANCE_WORDS, f.danceability), priority: 5, feature: 'danceability', value: round(f.danceability) },
      { text: sample(vr, style.motifs, 2).join(', '), priority: 6, feature: 'style motifs', value: style.id },
      { text: pick(vr, ['poster art, highly detailed', 'award-winning poster design', 'masterful composition, fine detail']), priority: 7 },
    ]
    const kept = fit(phrases, (t) => tokenizer.countTokens(t))
    const text = kept.map((p) => p.text).join(', ')
    prompts.push({ text, tokens: tokenizer.countTokens(text), explanation: explain(kept), seed: vSeed })
  }
  return { style: style.id, prompts, palette, negative: NEGATIVE }
}

/** Drops the least important phrases (last first among equals) until the prompt fits 77 tokens. */
function fit(phrases: Phrase[], count: (text: string) => number): Phrase[] {
  let kept = [...phrases]
  while (kept.length > 1 && count(kept.map((p) => p.text).join(', ')) > CONTEXT_LENGTH) {
    let drop = kept.length - 1
    for (let i = kept.length - 1; i >= 0; i--) if (kept[i].priority > kept[drop].priority) drop = i
    kept = kept.filter((_, i) => i !== drop)
  }
  return kept
}

function explain(kept: Phrase[]): ExplanationItem[] {
  return kept.filter((p) => p.feature).map((p) => ({ feature: p.feature!, value: p.value!, words: p.text.split(', ') }))
}

const round = (v: number) => Math.round(v * 100) / 100
