// The prompt's subject as simple vector silhouettes (a wave crest, trees, a figure, a skyline...),
// so the built-in art shows what the prompt says where it can, and says so (depicts) where it cannot.
import { SUBJECTS } from '../../prompt/vocabulary.ts'
import { DRAW } from './motif-shapes.ts'

export type MotifKind =
  | 'wave'
  | 'trees'
  | 'mountains'
  | 'figure'
  | 'dancer'
  | 'crowd'
  | 'city'
  | 'birds'
  | 'boat'
  | 'lighthouse'
  | 'fireworks'
  | 'flower'
  | 'lightning'
  | 'balloon'
  | 'rocket'

// subject words -> motifs, first rules first; a subject may take two (surfers on a wave)
const RULES: [RegExp, MotifKind[]][] = [
  [/surfer/, ['wave', 'figure']],
  [/dancer/, ['dancer']],
  [/crowd|concert|festival|parade/, ['crowd']],
  [/lighthouse/, ['lighthouse']],
  [/firework|confetti/, ['fireworks', 'city']],
  [/rocket/, ['rocket']],
  [/balloon|kite/, ['balloon']],
  [/lightning/, ['lightning']],
  [/bird|crow/, ['birds']],
  [/boat|pier|harbour/, ['boat']],
  [/wave|sea|lake|bay|beach|river/, ['wave']],
  [/forest|trees/, ['trees']],
  [/mountain|hill|volcano/, ['mountains']],
  [/city|skyline|street|alley|rooftop|town|tower/, ['city']],
  [/flower|garden|meadow/, ['flower']],
  [/figure/, ['figure']],
]

const ALL_SUBJECTS: string[] = Object.values(SUBJECTS).flatMap((tier) => [...tier.dark, ...tier.bright])

/** The subject phrase a prompt was built around, or the prompt itself when it has none of ours. */
export function subjectOf(prompt: string): string {
  const p = prompt.toLowerCase()
  return ALL_SUBJECTS.find((s) => p.includes(s)) ?? p
}

/** The motifs that show a subject; empty when the sketch engine cannot draw it. */
export function motifsFor(subject: string): MotifKind[] {
  const s = subject.toLowerCase()
  return RULES.find(([re]) => re.test(s))?.[1] ?? []
}

/** Styles that stay abstract: their art never shows a subject. */
const ABSTRACT = new Set(['swiss', 'bauhaus'])

/** Whether the sketch engine draws the prompt's subject in this style. */
export function sketchDepicts(style: string, prompt: string): boolean {
  return !ABSTRACT.has(style) && motifsFor(subjectOf(prompt)).length > 0
}

/** Draws one motif standing on (x, base), about `s` tall, in one colour. */
export function drawMotif(kind: MotifKind, x: number, base: number, s: number, fill: string, r: () => number): string {
  return DRAW[kind](x, base, s, fill, r)
}
