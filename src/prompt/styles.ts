// Style presets named after movements and media (never living artists): prompt words, a palette
// scheme (schemes.ts) and typography hints the poster stage follows.
import { AppError } from '../errors.ts'
import { SCHEMES } from './schemes.ts'
import type { StylePreset } from './types.ts'

/** The style used when a request names none. */
export const DEFAULT_STYLE = 'swiss'

const STYLES: StylePreset[] = [
  {
    id: 'swiss',
    name: 'Swiss International',
    description: 'Grid, bold sans-serif, flat geometric shapes and generous white space.',
    medium: ['swiss international style poster', 'flat geometric shapes'],
    motifs: [
      'strict grid',
      'bold circles and bars',
      'asymmetric layout',
      'clean negative space',
      'overlapping translucent forms',
    ],
    palette: SCHEMES['swiss'],
    typography: { family: 'sans', weight: 700, case: 'lower', layout: 'bottom-left', letterSpacing: -0.02 },
    negative: ['photorealistic', 'clutter'],
  },
  {
    id: 'synthwave',
    name: 'Synthwave',
    description: 'Retro-futurist neon: a setting sun, chrome and a glowing perspective grid.',
    medium: ['synthwave retro-futurist illustration', 'neon glow'],
    motifs: [
      'glowing perspective grid',
      'striped setting sun',
      'chrome reflections',
      'palm silhouettes',
      'laser lines',
      'starry purple sky',
    ],
    palette: SCHEMES['synthwave'],
    typography: { family: 'display', weight: 900, case: 'upper', layout: 'centered', letterSpacing: 0.08 },
  },
  {
    id: 'ukiyo-e',
    name: 'Ukiyo-e woodblock',
    description: 'Edo-period woodblock print: flat colour, fine outlines, waves and mountains.',
    medium: ['ukiyo-e woodblock print', 'edo period style'],
    motifs: [
      'stylised waves',
      'distant mount fuji',
      'fine black outlines',
      'washi paper texture',
      'cherry blossoms',
      'flat gradated sky',
    ],
    palette: SCHEMES['ukiyo-e'],
    typography: { family: 'serif', weight: 700, case: 'title', layout: 'vertical', letterSpacing: 0.04 },
    negative: ['photorealistic', '3d render'],
  },
  {
    id: 'art-deco',
    name: 'Art Deco',
    description: '1920s glamour: gold, symmetry, sunbursts and stepped geometry.',
    medium: ['art deco poster', '1920s travel poster'],
    motifs: [
      'gold sunburst',
      'symmetrical fan shapes',
      'stepped geometric ornament',
      'streamlined forms',
      'elegant linework',
    ],
    palette: SCHEMES['art-deco'],
    typography: { family: 'display', weight: 700, case: 'upper', layout: 'centered', letterSpacing: 0.2 },
  },
  {
    id: 'psychedelic',
    name: '1960s psychedelic',
    description: 'Concert-poster swirls, melting lettering, vibrating complementary colours.',
    medium: ['1960s psychedelic concert poster', 'op art'],
    motifs: [
      'melting swirling patterns',
      'concentric ripples',
      'vibrating complementary colours',
      'organic flowing shapes',
      'kaleidoscopic symmetry',
    ],
    palette: SCHEMES['psychedelic'],
    typography: { family: 'display', weight: 900, case: 'title', layout: 'band', letterSpacing: 0 },
  },
  {
    id: 'risograph',
    name: 'Risograph print',
    description: 'Two-colour riso print: grainy overprints, halftones and misregistration.',
    medium: ['risograph print', 'two colour overprint'],
    motifs: [
      'halftone dots',
      'grainy texture',
      'slight misregistration',
      'layered translucent inks',
      'bold cut-out shapes',
    ],
    palette: SCHEMES['risograph'],
    typography: { family: 'mono', weight: 700, case: 'upper', layout: 'top-left', letterSpacing: 0.05 },
    negative: ['photorealistic', 'smooth gradients'],
  },
  {
    id: 'watercolour',
    name: 'Watercolour',
    description: 'Soft washes and blooms of pigment on textured paper.',
    medium: ['watercolour painting', 'wet on wet washes'],
    motifs: [
      'soft pigment blooms',
      'textured cold-press paper',
      'loose brushwork',
      'delicate bleeding edges',
      'white paper highlights',
    ],
    palette: SCHEMES['watercolour'],
    typography: { family: 'serif', weight: 400, case: 'title', layout: 'bottom-left', letterSpacing: 0.01 },
    negative: ['photograph', '3d render', 'hard edges'],
  },
  {
    id: 'film-noir',
    name: 'Film noir',
    description: 'Black-and-white cinema: hard light, venetian-blind shadows, smoke.',
    medium: ['film noir still', 'black and white photography'],
    motifs: ['venetian blind shadows', 'hard side light', 'wet streets', 'cigarette smoke', 'deep black silhouettes'],
    palette: SCHEMES['film-noir'],
    typography: { family: 'serif', weight: 700, case: 'upper', layout: 'band', letterSpacing: 0.12 },
    negative: ['colour', 'saturated', 'cartoon'],
  },
  {
    id: 'bauhaus',
    name: 'Bauhaus',
    description: 'Primary colours, circles, squares and triangles in balanced tension.',
    medium: ['bauhaus poster', 'constructivist geometry'],
    motifs: [
      'primary colour circles squares and triangles',
      'diagonal bars',
      'balanced asymmetry',
      'flat colour fields',
      'thick black rules',
    ],
    palette: SCHEMES['bauhaus'],
    typography: { family: 'sans', weight: 900, case: 'lower', layout: 'top-left', letterSpacing: -0.01 },
    negative: ['photorealistic', 'ornament'],
  },
  {
    id: 'vaporwave',
    name: 'Vaporwave',
    description: 'Pastel nostalgia: marble busts, checkerboards, old computer windows.',
    medium: ['vaporwave aesthetic', 'retro digital collage'],
    motifs: [
      'marble statue',
      'pastel checkerboard floor',
      'retro computer windows',
      'palm trees',
      'glitch gradients',
      'pink and cyan haze',
    ],
    palette: SCHEMES['vaporwave'],
    typography: { family: 'mono', weight: 400, case: 'upper', layout: 'centered', letterSpacing: 0.3 },
  },
  {
    id: 'constructivist',
    name: 'Russian constructivist',
    description: 'Red, black and cream, dynamic diagonals and photomontage.',
    medium: ['constructivist propaganda poster style', 'photomontage'],
    motifs: [
      'dynamic diagonals',
      'red and black wedges',
      'megaphone shapes',
      'bold geometric blocks',
      'industrial forms',
    ],
    palette: SCHEMES['constructivist'],
    typography: { family: 'display', weight: 900, case: 'upper', layout: 'vertical', letterSpacing: 0.02 },
  },
  {
    id: 'linocut',
    name: 'Linocut',
    description: 'Carved relief print: bold gouged lines and limited ink colours.',
    medium: ['linocut relief print', 'hand carved'],
    motifs: [
      'bold gouge marks',
      'high contrast carved lines',
      'limited ink colours',
      'folk art patterns',
      'rough paper edges',
    ],
    palette: SCHEMES['linocut'],
    typography: { family: 'serif', weight: 700, case: 'upper', layout: 'bottom-left', letterSpacing: 0.06 },
    negative: ['photorealistic', 'smooth gradients'],
  },
]

const BY_ID = new Map(STYLES.map((s) => [s.id, s]))

/** Every preset, in display order (the default first). */
export function listStyles(): StylePreset[] {
  return STYLES
}

/** The preset for `id`; UNKNOWN_STYLE lists the valid ids. */
export function getStyle(id: string): StylePreset {
  const s = BY_ID.get(id)
  if (!s)
    throw new AppError(
      'UNKNOWN_STYLE',
      `unknown style "${String(id).slice(0, 40)}"; choose one of: ${STYLES.map((x) => x.id).join(', ')}`,
    )
  return s
}
