// Each style's own palette: anchor colours (HSL) and how far the music may move them. The music tints
// a scheme (see palette.ts), it never replaces it: Art Deco keeps its gold, Constructivist its red.
import type { PaletteScheme, Tone } from './types.ts'

const t = (h: Tone['h'], s: number, l: number, more: Partial<Tone> = {}): Tone => ({ h, s, l, ...more })

export const SCHEMES: Record<string, PaletteScheme> = {
  // paper white and near-black with one bold colour that the key chooses
  swiss: {
    ground: t(40, 0.12, 0.95, { dh: 5 }),
    primary: t('key', 0.85, 0.5, { contrast: [3.2, 5.2] }),
    secondary: t(220, 0.08, 0.12, { dh: 5 }),
    accent: t('key', 0.7, 0.55, { keyOffset: 150 }),
    ink: t(220, 0.1, 0.1),
    hueRange: 10,
    energy: 0.5,
  },
  synthwave: {
    ground: t(262, 0.65, 0.1, { dh: 14 }),
    primary: t(318, 0.9, 0.56),
    secondary: t(28, 0.95, 0.6),
    accent: t(186, 0.9, 0.56, { dh: 12 }),
    ink: t(300, 0.3, 0.9),
    hueRange: 14,
    energy: 0.6,
  },
  // paper, Prussian blue, pale blue and a vermilion seal
  'ukiyo-e': {
    ground: t(40, 0.45, 0.87, { dh: 6 }),
    primary: t(212, 0.62, 0.3),
    secondary: t(200, 0.38, 0.64),
    accent: t(10, 0.8, 0.5, { dh: 8 }),
    ink: t(220, 0.3, 0.12),
    hueRange: 12,
    energy: 0.4,
  },
  // gold and cream on a black that the key tints navy, emerald or aubergine
  'art-deco': {
    ground: t(215, 0.3, 0.08, { dh: 60 }),
    primary: t(43, 0.68, 0.52, { dh: 5 }),
    secondary: t(44, 0.5, 0.86, { dh: 5 }),
    accent: t('key', 0.45, 0.26),
    ink: t(44, 0.4, 0.86),
    hueRange: 5,
    energy: 0.25,
  },
  // hot orange, magenta and teal on cream, or on deep purple for dark tracks
  psychedelic: {
    ground: t(45, 0.7, 0.88, { dh: 10 }),
    groundDark: t(280, 0.6, 0.12, { dh: 20 }),
    primary: t(22, 0.95, 0.55),
    secondary: t(322, 0.85, 0.5),
    accent: t(178, 0.75, 0.42, { dh: 12 }),
    ink: t(280, 0.4, 0.12),
    hueRange: 30,
    energy: 0.5,
  },
  // fluorescent pink, riso blue and yellow on off-white paper
  risograph: {
    ground: t(48, 0.35, 0.94, { dh: 5 }),
    primary: t(332, 1, 0.62, { dh: 8 }),
    secondary: t(208, 0.85, 0.45, { dh: 25 }),
    accent: t(45, 1, 0.55, { dh: 15 }),
    ink: t(220, 0.5, 0.15),
    hueRange: 15,
    energy: 0.3,
  },
  // pigments free to follow the key, thin on white paper
  watercolour: {
    ground: t(42, 0.3, 0.96, { dh: 5 }),
    primary: t('key', 0.6, 0.5, { contrast: [1.8, 4.2] }),
    secondary: t('key', 0.6, 0.5, { keyOffset: 35 }),
    accent: t('key', 0.45, 0.52, { keyOffset: 190 }),
    ink: t(220, 0.2, 0.15),
    hueRange: 20,
    energy: 0.7,
  },
  // greys from soot to lamplight
  'film-noir': {
    ground: t(220, 0.06, 0.08, { dh: 0 }),
    primary: t(220, 0.06, 0.52, { dh: 0 }),
    secondary: t(220, 0.05, 0.7, { dh: 0 }),
    accent: t(38, 0.12, 0.9, { dh: 0 }),
    ink: t(220, 0.05, 0.9, { dh: 0 }),
    hueRange: 0,
    energy: 0.6,
    mono: true,
  },
  // red, blue, yellow and black on cream
  bauhaus: {
    ground: t(45, 0.4, 0.9, { dh: 6 }),
    primary: t(4, 0.8, 0.48),
    secondary: t(222, 0.72, 0.38, { dh: 12 }),
    accent: t(46, 0.95, 0.55, { dh: 6 }),
    ink: t(0, 0, 0.1),
    hueRange: 8,
    energy: 0.5,
  },
  // pastel lavender, aqua, lilac and pink
  vaporwave: {
    ground: t(318, 0.75, 0.83, { dh: 20 }),
    primary: t(178, 0.6, 0.7),
    secondary: t(265, 0.5, 0.77),
    accent: t(330, 0.8, 0.7, { dh: 15 }),
    ink: t(270, 0.4, 0.2),
    hueRange: 20,
    energy: 0.4,
  },
  // red, black and cream, with a warm grey for photomontage
  constructivist: {
    ground: t(40, 0.42, 0.86, { dh: 6 }),
    primary: t(3, 0.82, 0.45, { dh: 6 }),
    secondary: t(0, 0.05, 0.06, { dh: 0 }),
    accent: t(30, 0.15, 0.55, { dh: 5 }),
    ink: t(0, 0.05, 0.09, { dh: 0 }),
    hueRange: 6,
    energy: 0.4,
  },
  // black ink on paper, with one second ink (brick to ochre) and kraft
  linocut: {
    ground: t(38, 0.3, 0.9, { dh: 8 }),
    primary: t(25, 0.12, 0.06, { dh: 10 }),
    secondary: t(8, 0.62, 0.42, { dh: 45 }),
    accent: t(34, 0.35, 0.72, { dh: 6 }),
    ink: t(25, 0.1, 0.1),
    hueRange: 10,
    energy: 0.4,
  },
}
