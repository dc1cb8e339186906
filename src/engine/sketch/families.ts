// Composition families, one per style: each turns a Scene into SVG shapes in the manner of its
// movement. Tempo sets how many forms repeat, energy how dense and contrasted they are, sections
// shape bands and skylines, danceability tilts things, the variation picks one of four layouts.
import type { Scene } from './scene.ts'
import { bauhaus, constructivist, swiss } from './families/geometric.ts'
import { filmNoir, psychedelic, watercolour } from './families/painterly.ts'
import { linocut, risograph, ukiyoe } from './families/prints.ts'
import { artDeco } from './families/art-deco.ts'
import { synthwave, vaporwave } from './families/retro.ts'

export type Family = (s: Scene) => string

const BY_STYLE: Record<string, Family> = {
  swiss,
  bauhaus,
  constructivist,
  synthwave,
  vaporwave,
  'art-deco': artDeco,
  'ukiyo-e': ukiyoe,
  linocut,
  risograph,
  watercolour,
  psychedelic,
  'film-noir': filmNoir,
}

/** The family for a style id; unknown styles get the Swiss grid. */
export function familyFor(style: string): Family {
  return BY_STYLE[style] ?? swiss
}
