// How music becomes words. The table is data (so the README and the explanation can show it) and
// every lookup is a pure function of the features: same features, same words.
//
// | feature              | range                 | words (examples)                                              |
// |----------------------|-----------------------|---------------------------------------------------------------|
// | tempo (BPM)          | <75 / 75-100 / 100-125 / 125-150 / >150 | slow drifting · gently swaying · steady pulsing · driving kinetic · frenetic racing |
// | energy (0-1)         | <.25 / .25-.5 / .5-.75 / >.75 | hushed minimal · calm restrained · vivid bold · explosive intense |
// | mode + valence       | warmth = valence ± 0.2 (major +, minor −) | warm golden · soft warm · cool twilight · cold blue tones |
// | brightness (centroid)| <.3 / .3-.6 / >.6     | deep shadows · soft diffused light · luminous glow           |
// | sections             | count and contrast    | single centred subject · layered bands · dramatic build · rhythmic panels |
// | danceability (0-1)   | <.45 / .45-.7 / >.7   | contemplative stillness · swaying forms · dancing figures     |
// | mood label           | 8 labels              | euphoric celebration · brooding darkness · dreamlike haze ... |
import type { MoodLabel } from '../audio/types.ts'
import type { PromptFeatures } from './types.ts'

export interface Band {
  /** Upper bound (exclusive) of the band. */
  below: number
  words: string
}

export const TEMPO_WORDS: Band[] = [
  { below: 75, words: 'slow drifting motion, long sweeping curves' },
  { below: 100, words: 'gently swaying rhythm, unhurried flowing lines' },
  { below: 125, words: 'steady pulsing rhythm, repeating shapes' },
  { below: 150, words: 'driving kinetic rhythm, fast repeating patterns' },
  { below: Infinity, words: 'frenetic racing energy, rapid staccato bursts, motion blur' },
]

export const ENERGY_WORDS: Band[] = [
  { below: 0.25, words: 'hushed, minimal, sparse, soft focus' },
  { below: 0.5, words: 'calm, restrained, balanced' },
  { below: 0.75, words: 'vivid, bold, dynamic' },
  { below: Infinity, words: 'explosive, intense, maximal, high contrast' },
]

export const WARMTH_WORDS: Band[] = [
  { below: -0.35, words: 'cold blue tones' },
  { below: 0, words: 'cool twilight tones' },
  { below: 0.35, words: 'soft warm tones' },
  { below: Infinity, words: 'warm golden tones' },
]

export const LIGHT_WORDS: Band[] = [
  { below: 0.3, words: 'deep shadows, chiaroscuro' },
  { below: 0.6, words: 'soft diffused light' },
  { below: Infinity, words: 'bright luminous glow, crisp highlights' },
]

export const DANCE_WORDS: Band[] = [
  { below: 0.45, words: 'contemplative stillness' },
  { below: 0.7, words: 'flowing gestures, swaying forms' },
  { below: Infinity, words: 'dancing figures, swirling movement' },
]

export const MOOD_WORDS: Record<MoodLabel, string> = {
  euphoric: 'euphoric celebration',
  energetic: 'electric energy',
  tense: 'ominous tension',
  dark: 'brooding darkness',
  melancholic: 'wistful melancholy',
  calm: 'serene calm',
  dreamy: 'dreamlike haze',
  warm: 'intimate warmth',
}

/** Subjects by energy: calm tracks get quiet scenes, loud ones crowded or fast scenes. */
export const SUBJECTS = {
  calm: ['a lone figure by a still lake', 'a lighthouse at dusk', 'a moonlit forest', 'an empty beach at dawn', 'a quiet window with drifting curtains', 'distant mountains in mist', 'a single flower in a vase', 'a sleeping city under snow'],
  mid: ['a winding road through hills', 'a city street after rain', 'birds in flight over a river', 'a record player in a sunlit room', 'a train crossing a bridge', 'waves rolling onto rocks', 'a hot air balloon over fields', 'a rooftop at golden hour'],
  high: ['a neon city at night', 'a crowd at a concert', 'a dancer mid-leap', 'a racing car on a highway', 'fireworks over a skyline', 'a crashing ocean wave', 'a lightning storm over the sea', 'a rocket launch'],
}

export const VIEWPOINTS = ['wide shot', 'close-up', 'aerial view', 'low angle view', 'symmetrical front view', 'isometric view', 'silhouette against the sky', 'panoramic view']

export const bandWords = (bands: Band[], v: number) => bands.find((b) => v < b.below)!.words

export function warmthOf(f: Pick<PromptFeatures, 'valence' | 'mode'>): number {
  return f.valence + (f.mode === 'major' ? 0.2 : -0.2)
}

/** Composition words from the section energies: how many parts, how much contrast. */
export function compositionWords(sections: number[]): string {
  if (sections.length <= 2) return 'single centred subject, minimal composition'
  const range = Math.max(...sections) - Math.min(...sections)
  const climaxLate = sections.indexOf(Math.max(...sections)) >= sections.length / 2
  if (range > 0.4 && climaxLate) return 'dramatic build toward a climax, strong diagonal composition'
  if (range > 0.4) return 'bold contrast between calm and intense areas'
  if (sections.length >= 5) return 'intricate multi-part composition, rhythmic panels'
  return 'layered horizontal bands'
}

/** The mapping as a Markdown table, for the README. */
export function mappingTableMarkdown(): string {
  const rows: [string, string, string][] = [
    ['tempo (BPM)', '<75 · 75-100 · 100-125 · 125-150 · >150', TEMPO_WORDS.map((b) => b.words.split(',')[0]).join(' · ')],
    ['energy (0-1)', '<.25 · .25-.5 · .5-.75 · >.75', ENERGY_WORDS.map((b) => b.words.split(',')[0]).join(' · ')],
    ['mode + valence → warmth', 'valence + 0.2 (major) / − 0.2 (minor): <−.35 · <0 · <.35 · ≥.35', WARMTH_WORDS.map((b) => b.words).join(' · ')],
    ['brightness (spectral centroid)', '<.3 · .3-.6 · >.6', LIGHT_WORDS.map((b) => b.words.split(',')[0]).join(' · ')],
    ['sections', 'count and energy contrast', 'single centred subject · layered bands · dramatic build · rhythmic panels'],
    ['danceability (0-1)', '<.45 · .45-.7 · >.7', DANCE_WORDS.map((b) => b.words.split(',')[0]).join(' · ')],
    ['mood label', Object.keys(MOOD_WORDS).join(', '), Object.values(MOOD_WORDS).join(' · ')],
    ['energy → subject', '<.35 · .35-.65 · >.65', 'calm scenes · everyday scenes · crowded or fast scenes'],
    ['key (circle of fifths) + mode', '12 keys × 2 modes', 'palette hue (30° per fifth), warmer for major, cooler for minor; colour names in the prompt'],
  ]
  return ['| feature | range | words |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}
