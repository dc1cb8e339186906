// Features + style + seed -> N prompt variations. Each prompt opens with one coherent scene ("A lighthouse
// at dusk in soft diffused light, in warm golden tones of teal and amber, wide shot"), then the style's
// words, then the music's words in order of importance (remarkable features first); the least important
// are dropped until it fits CLIP's 77 tokens. Variations change subject, viewpoint and motifs only.
import { AppError } from '../errors.ts'
import { getClipTokenizer, CONTEXT_LENGTH } from './clip-tokenizer.ts'
import { parsePromptFeatures } from './features.ts'
import { colourName, makePalette } from './palette.ts'
import { createRng, hashString, pick, sample } from '../random.ts'
import { getStyle, DEFAULT_STYLE } from './styles.ts'
import type { ExplanationItem, PromptFeatures, PromptSet, PromptVariant, StylePreset } from './types.ts'
import {
  bandWords,
  compositionWords,
  DANCE_WORDS,
  DYNAMICS_WORDS,
  ENERGY_WORDS,
  MONO_WARMTH_WORDS,
  MOOD_WORDS,
  salience,
  SCENE_LIGHT_WORDS,
  subjectPool,
  TEMPO_WORDS,
  VIEWPOINTS,
  WARMTH_WORDS,
  warmthOf,
} from './vocabulary.ts'

export interface BuildOptions {
  /** Style id (see listStyles()); default DEFAULT_STYLE. */
  style?: string
  /** Number of variations, integer 1-8; default 4. */
  count?: number
  /** Request seed, an integer (taken modulo 2^32); default derived from the features and style. */
  seed?: number
}

interface Phrase {
  text: string
  /** 0 = keep longest; higher numbers are dropped first and placed later. */
  priority: number
  feature?: string
  value?: string | number
  /** For the scene sentence: which feature gave which of its words (it is never trimmed). */
  parts?: ExplanationItem[]
}

const NEGATIVE = ['text', 'letters', 'watermark', 'signature', 'blurry', 'low quality', 'deformed']
const QUALITY = ['poster art, highly detailed', 'award-winning poster design', 'masterful composition, fine detail']

/** The seed used when a request gives none: a hash of the features and style, so a track always gives the same prompts. */
export function defaultSeed(f: PromptFeatures, style: string): number {
  return hashString(`${style}|${JSON.stringify(f)}`)
}

/**
 * Features + style -> `count` prompt variations (subject, viewpoint and motifs vary; the music's
 * words do not), each <= 77 CLIP tokens, plus the palette and a negative prompt.
 * Throws INVALID_INPUT for bad features, count or seed, UNKNOWN_STYLE for an unknown style.
 */
export function buildPrompts(features: PromptFeatures, opts: BuildOptions = {}): PromptSet {
  const f = parsePromptFeatures(features)
  const style = getStyle(opts.style ?? DEFAULT_STYLE)
  const count = opts.count ?? 4
  if (!Number.isInteger(count) || count < 1 || count > 8)
    throw new AppError('INVALID_INPUT', `count must be an integer 1-8, got ${count}`)
  if (opts.seed !== undefined && !Number.isSafeInteger(opts.seed))
    throw new AppError('INVALID_INPUT', `seed must be an integer, got ${opts.seed}`)
  const seed = (opts.seed ?? defaultSeed(f, style.id)) >>> 0
  const palette = makePalette(f, style)
  const tokenizer = getClipTokenizer()
  const rng = createRng(seed)
  const subjects = sample(rng, subjectPool(f), count)
  const viewpoints = sample(rng, VIEWPOINTS, count)
  const shared = musicPhrases(f)

  const prompts: PromptVariant[] = []
  for (let i = 0; i < count; i++) {
    const vSeed = hashString(`${seed}:${i}`)
    const vr = createRng(vSeed)
    const phrases: Phrase[] = [
      scenePhrase(f, style, palette, subjects[i], viewpoints[i], i),
      { text: style.medium.join(', '), priority: 0, feature: 'style', value: style.id },
      ...shared,
      { text: sample(vr, style.motifs, 2).join(', '), priority: 6, feature: 'style motifs', value: style.id },
      { text: pick(vr, QUALITY), priority: 7 },
    ]
    // stable sort: remarkable features move forward, ties keep the table's order
    const kept = fit(
      phrases.slice().sort((a, b) => a.priority - b.priority),
      (t) => tokenizer.countTokens(t),
    )
    const text = kept.map((p) => p.text).join(', ')
    const tokens = tokenizer.countTokens(text)
    // the additive count in fit() is exact for our phrases; this guards a future phrase ending in punctuation
    if (tokens > CONTEXT_LENGTH)
      throw new AppError('INTERNAL', `prompt has ${tokens} CLIP tokens after fitting (max ${CONTEXT_LENGTH}): ${text}`)
    prompts.push({ text, tokens, explanation: explain(kept), seed: vSeed })
  }
  return { style: style.id, prompts, palette, negative: [...NEGATIVE, ...(style.negative ?? [])].join(', ') }
}

/**
 * One sentence that reads as a picture: the subject, its light, its colours and the viewpoint. It leads
 * the prompt and is never dropped; each part is explained by the feature that chose it.
 */
function scenePhrase(
  f: PromptFeatures,
  style: StylePreset,
  palette: string[],
  subject: string,
  viewpoint: string,
  i: number,
): Phrase {
  const mono = style.palette.mono === true
  const colours = [...new Set([colourName(palette[1]), colourName(palette[3])])].filter((c) => !mono && c !== 'grey')
  const warmth = bandWords(mono ? MONO_WARMTH_WORDS : WARMTH_WORDS, warmthOf(f))
  const colour = colours.length ? `in ${warmth} of ${colours.join(' and ')}` : `in ${warmth}`
  const light = bandWords(SCENE_LIGHT_WORDS, f.brightness)
  const lead = subject.charAt(0).toUpperCase() + subject.slice(1)
  return {
    text: `${lead} ${light}, ${colour}, ${viewpoint}`,
    priority: -1,
    parts: [
      {
        feature: 'energy + warmth → subject',
        value: `energy ${round(f.energy)}, warmth ${round(warmthOf(f))}`,
        words: [lead],
      },
      { feature: 'brightness', value: round(f.brightness), words: [light] },
      { feature: 'key + mode + valence', value: `${f.tonic} ${f.mode}, valence ${round(f.valence)}`, words: [colour] },
      { feature: 'variation', value: i + 1, words: [viewpoint] },
    ],
  }
}

/** The phrases every variation shares, with priorities lowered (kept longer) for remarkable features. */
function musicPhrases(f: PromptFeatures): Phrase[] {
  const s = salience(f)
  const phrases: Phrase[] = [
    { text: MOOD_WORDS[f.mood], priority: 2, feature: 'mood', value: f.mood },
    { text: bandWords(TEMPO_WORDS, f.bpm), priority: 2.5 - 1.5 * s.tempo, feature: 'tempo', value: Math.round(f.bpm) },
    {
      text: bandWords(ENERGY_WORDS, f.energy),
      priority: 3 - 1.5 * s.energy,
      feature: 'energy',
      value: round(f.energy),
    },
    { text: compositionWords(f.sections), priority: 4, feature: 'sections', value: f.sections.length },
    {
      text: bandWords(DYNAMICS_WORDS, f.dynamicRangeDb),
      priority: 4.5 - 1.5 * s.dynamics,
      feature: 'dynamic range',
      value: round(f.dynamicRangeDb),
    },
    {
      text: bandWords(DANCE_WORDS, f.danceability),
      priority: 5 - 2 * s.dance,
      feature: 'danceability',
      value: round(f.danceability),
    },
  ]
  return phrases.filter((p) => p.text)
}

/**
 * Trims a priority-sorted list until the prompt fits 77 tokens: the last (least important) phrase
 * first loses its trailing comma-separated parts, then goes entirely, so more features survive.
 * CLIP splits words before BPE, so "a, b" costs tokens(a) + 1 + tokens(b): phrases are counted
 * once each instead of re-tokenizing the whole prompt per step; the caller counts the result exactly.
 */
function fit(sorted: Phrase[], count: (text: string) => number): Phrase[] {
  const kept = [...sorted]
  const cost = kept.map((p) => count(p.text) - 2) // without BOS/EOS
  let total = 2 + cost.reduce((a, c) => a + c, 0) + kept.length - 1
  while (kept.length > 1 && total > CONTEXT_LENGTH) {
    const i = kept.length - 1
    const cut = kept[i].text.lastIndexOf(', ')
    total -= cost[i]
    if (cut > 0) {
      kept[i] = { ...kept[i], text: kept[i].text.slice(0, cut) }
      cost[i] = count(kept[i].text) - 2
      total += cost[i]
    } else {
      kept.pop()
      cost.pop()
      total -= 1 // the comma before it
    }
  }
  return kept
}

function explain(kept: Phrase[]): ExplanationItem[] {
  return kept.flatMap((p) =>
    p.parts ? p.parts : p.feature ? [{ feature: p.feature, value: p.value!, words: p.text.split(', ') }] : [],
  )
}

const round = (v: number) => Math.round(v * 100) / 100
