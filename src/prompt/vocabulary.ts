// How music becomes words. The table is data (so the README and each prompt's explanation can show
// it) and every lookup is a pure function of the features: same features, same words.
//
// | feature                   | range                                   | words                                                                  |
// |---------------------------|-----------------------------------------|------------------------------------------------------------------------|
// | tempo (BPM)               | <75 · 75-100 · 100-125 · 125-150 · ≥150 | slow drifting motion · gently swaying rhythm · steady pulsing |
// |                           |                                         | rhythm · driving kinetic rhythm · frenetic racing motion       |
// | energy (0-1)              | <.25 · .25-.5 · .5-.75 · ≥.75           | hushed, sparse · calm, restrained · vivid, bold · explosive, intense   |
// | dynamic range (dB)        | <6 · 6-12 · ≥12                         | dense edge-to-edge forms · (nothing) · dramatic contrast of light and dark |
// | mode + valence → warmth   | valence ± 0.2 (major +, minor −):       | cold blue · cool twilight · soft warm · warm golden tones      |
// |                           | <−.35 · <0 · <.35 · ≥.35                | (monochrome styles: silver · grey · warm grey · sepia)         |
// | key (circle of fifths)    | 12 keys, 30° a fifth, C = 200°          | palette hue; the primary and accent colour names enter the prompt      |
// | brightness (centroid)     | <.3 · .3-.6 · ≥.6                       | in deep shadow · in soft diffused light · under a bright luminous glow |
// | sections (energies)       | count, contrast, where the peak is      | single centred subject · layered bands · dramatic build ·      |
// |                           |                                         | bold contrast · rhythmic panels                                |
// | danceability (0-1)        | <.45 · .45-.7 · ≥.7                     | contemplative stillness · swaying forms · dancing figures              |
// | mood label                | 8 labels                                | euphoric celebration · electric energy · ominous tension · brooding darkness ... |
// | energy + warmth → subject | 3 energy tiers × dark/bright            | calm dark: a moonlit forest ... loud bright: a dancer mid-leap         |
//
// Features far from their neutral value (a 180 BPM track, danceability 0.95) move their words
// earlier in the prompt and are dropped last when the 77-token budget bites; see salience().
import type { MoodLabel } from '../audio/types.ts'
import type { PromptFeatures } from './types.ts'

export interface Band {
  /** Upper bound (exclusive) of the band. */
  below: number
  /** Comma-separated phrase; empty means "say nothing" (an unremarkable value). */
  words: string
}

export const TEMPO_WORDS: Band[] = [
  { below: 75, words: 'slow drifting motion, long flowing curves' },
  { below: 100, words: 'gently swaying rhythm, unhurried lines' },
  { below: 125, words: 'steady pulsing rhythm, repeating shapes' },
  { below: 150, words: 'driving kinetic rhythm, fast repeating patterns' },
  { below: Infinity, words: 'frenetic racing motion, staccato bursts, motion blur' },
]

export const ENERGY_WORDS: Band[] = [
  { below: 0.25, words: 'hushed, sparse, soft focus' },
  { below: 0.5, words: 'calm, restrained' },
  { below: 0.75, words: 'vivid, bold' },
  { below: Infinity, words: 'explosive, intense, high contrast' },
]

/** Dynamic range: squashed loud masters fill the frame, wide dynamics give stark light and dark. */
export const DYNAMICS_WORDS: Band[] = [
  { below: 6, words: 'dense edge-to-edge forms' },
  { below: 12, words: '' },
  { below: Infinity, words: 'dramatic contrast of light and dark' },
]

export const WARMTH_WORDS: Band[] = [
  { below: -0.35, words: 'cold blue tones' },
  { below: 0, words: 'cool twilight tones' },
  { below: 0.35, words: 'soft warm tones' },
  { below: Infinity, words: 'warm golden tones' },
]

/** Warmth for near-monochrome styles (film noir): hue words would fight "black and white". */
export const MONO_WARMTH_WORDS: Band[] = [
  { below: -0.35, words: 'cold silver tones' },
  { below: 0, words: 'cool grey tones' },
  { below: 0.35, words: 'warm grey tones' },
  { below: Infinity, words: 'sepia tones' },
]

export const LIGHT_WORDS: Band[] = [
  { below: 0.3, words: 'deep shadows, chiaroscuro' },
  { below: 0.6, words: 'soft diffused light' },
  { below: Infinity, words: 'bright luminous glow, crisp highlights' },
]

/** The light of the opening scene, as a clause that follows the subject ("a harbour in deep shadow"). */
export const SCENE_LIGHT_WORDS: Band[] = [
  { below: 0.3, words: 'in deep shadow' },
  { below: 0.6, words: 'in soft diffused light' },
  { below: Infinity, words: 'under a bright luminous glow' },
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

/** Subjects by energy tier and warmth sign: eight each, so eight variations never repeat one. */
export const SUBJECTS = {
  calm: {
    dark: [
      'a lone figure by a still lake',
      'a moonlit forest',
      'distant mountains in mist',
      'an empty pier in fog',
      'a window streaked with rain',
      'a single boat on a grey sea',
      'bare trees in snow',
      'an empty station at night',
    ],
    bright: [
      'a lighthouse at dusk',
      'an empty beach at dawn',
      'a single flower in a vase',
      'a meadow in morning light',
      'a window with drifting curtains',
      'clouds over a calm bay',
      'a garden at sunrise',
      'a sleeping town under snow',
    ],
  },
  mid: {
    dark: [
      'a city street after rain',
      'a night train crossing a bridge',
      'waves breaking on black rocks',
      'a lone car on an empty highway',
      'a spiral staircase in shadow',
      'crows over a wheat field',
      'a neon-lit alley',
      'a harbour under storm clouds',
    ],
    bright: [
      'a winding road through hills',
      'birds in flight over a river',
      'a record player in a sunlit room',
      'a hot air balloon over fields',
      'a rooftop at golden hour',
      'a bicycle on a coastal road',
      'kites over a green hill',
      'a tram in a sunny street',
    ],
  },
  high: {
    dark: [
      'a lightning storm over the sea',
      'a crashing ocean wave',
      'a city skyline in a storm',
      'a racing car at night',
      'an erupting volcano',
      'a crowd under strobe lights',
      'wolves running through snow',
      'a shattering glass tower',
    ],
    bright: [
      'a neon city at night',
      'a crowd at a concert',
      'a dancer mid-leap',
      'fireworks over a skyline',
      'a rocket launch',
      'a carnival parade',
      'surfers on a huge wave',
      'a festival stage in confetti',
    ],
  },
} as const

export const VIEWPOINTS = [
  'wide shot',
  'close-up',
  'aerial view',
  'low angle view',
  'symmetrical front view',
  'isometric view',
  'silhouette against the sky',
  'panoramic view',
]

/** The words of the band `v` falls in (values below every bound fall in the last band). */
export const bandWords = (bands: Band[], v: number): string =>
  (bands.find((b) => v < b.below) ?? bands[bands.length - 1]).words

/** Colour temperature, about -1.2..1.2: valence shifted 0.2 up for major, 0.2 down for minor. */
export function warmthOf(f: Pick<PromptFeatures, 'valence' | 'mode'>): number {
  return f.valence + (f.mode === 'major' ? 0.2 : -0.2)
}

/** The subject pool for a track: energy picks the tier, warmth picks dark or bright. */
export function subjectPool(f: Pick<PromptFeatures, 'energy' | 'valence' | 'mode'>): readonly string[] {
  const tier = f.energy < 0.35 ? SUBJECTS.calm : f.energy < 0.65 ? SUBJECTS.mid : SUBJECTS.high
  return warmthOf(f) < 0 ? tier.dark : tier.bright
}

/** Composition words from the section energies: how many parts, how much contrast, where the peak is. */
export function compositionWords(sections: number[]): string {
  if (sections.length <= 2) return 'single centred subject, minimal composition'
  const peak = Math.max(...sections)
  const range = peak - Math.min(...sections)
  const climaxLate = sections.indexOf(peak) >= sections.length / 2
  if (range > 0.4 && climaxLate) return 'dramatic build toward a climax, strong diagonals'
  if (range > 0.4) return 'bold contrast of calm and intense areas'
  if (sections.length >= 5) return 'intricate multi-part composition, rhythmic panels'
  return 'layered horizontal bands'
}

/**
 * How remarkable each feature is, 0 (neutral) to 1 (extreme): remarkable features lead the prompt
 * and survive the token budget longest.
 */
export function salience(
  f: PromptFeatures,
): Record<'tempo' | 'energy' | 'warmth' | 'light' | 'dance' | 'dynamics', number> {
  const c = (v: number) => Math.min(1, Math.max(0, v))
  return {
    tempo: c(Math.abs(f.bpm - 112) / 60),
    energy: c(Math.abs(f.energy - 0.5) * 2),
    warmth: c(Math.abs(warmthOf(f))),
    light: c(Math.abs(f.brightness - 0.5) * 2),
    dance: c(Math.abs(f.danceability - 0.5) * 2),
    dynamics: c(Math.abs(f.dynamicRangeDb - 9) / 9),
  }
}

const first = (b: Band) => b.words.split(',')[0] || '(nothing)'

/** The mapping as a Markdown table, for the README. */
export function mappingTableMarkdown(): string {
  const rows: [string, string, string][] = [
    ['tempo (BPM)', '<75 · 75-100 · 100-125 · 125-150 · ≥150', TEMPO_WORDS.map(first).join(' · ')],
    [
      'energy (0-1)',
      '<.25 · .25-.5 · .5-.75 · ≥.75',
      ENERGY_WORDS.map((b) => b.words.split(', ').slice(0, 2).join(', ')).join(' · '),
    ],
    ['dynamic range (dB)', '<6 · 6-12 · ≥12', DYNAMICS_WORDS.map(first).join(' · ')],
    [
      'mode + valence → warmth',
      'valence + 0.2 (major) / − 0.2 (minor): <−.35 · <0 · <.35 · ≥.35',
      WARMTH_WORDS.map((b) => b.words).join(' · '),
    ],
    [
      'key (circle of fifths)',
      '12 keys, 30° a fifth, C = 200°',
      'palette hue; the primary and accent colour names enter the prompt',
    ],
    ['brightness (spectral centroid)', '<.3 · .3-.6 · ≥.6', SCENE_LIGHT_WORDS.map(first).join(' · ')],
    [
      'sections',
      'count, energy contrast, position of the peak',
      'single centred subject · layered bands · dramatic build · bold contrast · rhythmic panels',
    ],
    ['danceability (0-1)', '<.45 · .45-.7 · ≥.7', DANCE_WORDS.map(first).join(' · ')],
    ['mood label', Object.keys(MOOD_WORDS).join(', '), Object.values(MOOD_WORDS).join(' · ')],
    [
      'energy + warmth → subject',
      'energy <.35 · .35-.65 · ≥.65, warmth < 0 or ≥ 0',
      `${SUBJECTS.calm.dark[1]} · ${SUBJECTS.mid.bright[0]} · ${SUBJECTS.high.bright[2]} (8 per pool)`,
    ],
  ]
  return ['| feature | range | words |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}
