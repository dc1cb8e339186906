// Five colours from a style's own scheme, tinted by the music: the key (circle of fifths) and the
// warmth (mode + valence) move each hue inside the style's range, energy moves saturation and
// contrast, mode and brightness move lightness. Art Deco stays gold on black, whatever the key.
// [0] ground, [1] primary, [2] secondary, [3] accent, [4] ink (>= 4.5:1 against the ground).
import type { PitchClass } from '../audio/types.ts'
import { AppError } from '../errors.ts'
import type { PaletteScheme, PromptFeatures, StylePreset, Tone } from './types.ts'
import { warmthOf } from './vocabulary.ts'

const PCS: PitchClass[] = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']
const clamp = (v: number, lo = 0, hi = 1) => Math.min(hi, Math.max(lo, v))
const wrap = (h: number) => ((h % 360) + 360) % 360
/** Signed shortest arc from a to b, -180..180 degrees. */
const arc = (a: number, b: number) => ((b - a + 540) % 360) - 180

/** Hue of a key: position on the circle of fifths x 30°, C at 200° (a cool blue). */
export function keyHue(tonic: PitchClass): number {
  const fifths = (PCS.indexOf(tonic) * 7) % 12
  return wrap(200 + fifths * 30)
}

/** Moves hue h toward target by up to `amount` degrees along the shorter arc. */
function pull(h: number, target: number, amount: number): number {
  const d = arc(h, target)
  return wrap(h + Math.sign(d) * Math.min(Math.abs(d), Math.abs(amount)))
}

/** What the music says about colour, each in a small range. */
interface Tint {
  /** The key as a smooth -1..1 walk round the circle of fifths. */
  key: number
  keyHue: number
  /** About -1.2..1.2: warm tracks drift toward amber, cool ones toward blue. */
  warmth: number
  energy: number
  minor: boolean
  brightness: number
}

function tintOf(f: PromptFeatures): Tint {
  const fifths = (PCS.indexOf(f.tonic) * 7) % 12
  return {
    key: Math.sin((fifths / 12) * Math.PI * 2),
    keyHue: keyHue(f.tonic),
    warmth: warmthOf(f),
    energy: clamp(f.energy),
    minor: f.mode === 'minor',
    brightness: clamp(f.brightness),
  }
}

/** A tone's hue after the music: free hues follow the key; fixed ones move at most `dh` degrees. */
function hueOf(tone: Tone, t: Tint, range: number): number {
  if (tone.h === 'key') {
    const h = wrap(t.keyHue + (tone.keyOffset ?? 0))
    return t.warmth >= 0 ? pull(h, 35, 60 * t.warmth) : pull(h, 225, 60 * -t.warmth)
  }
  const dh = tone.dh ?? range
  const towardWarm = Math.sign(arc(tone.h, 35)) || 1
  return wrap(tone.h + clamp(dh * (0.6 * t.key + 0.5 * t.warmth * towardWarm), -dh, dh))
}

/** Whether a track takes the dark ground of a style that offers both. */
function wantsDark(f: PromptFeatures): boolean {
  return f.mode === 'minor' || f.valence < 0 || f.brightness < 0.35
}

/**
 * Five hex colours (#rrggbb) for a track in a style: [0] ground, [1] primary, [2] secondary,
 * [3] accent, [4] ink with WCAG contrast >= 4.5 against the ground.
 */
export function makePalette(f: PromptFeatures, style: StylePreset): string[] {
  return paletteFromScheme(f, style.palette)
}

/** makePalette for a bare scheme (tests and previews). */
export function paletteFromScheme(f: PromptFeatures, scheme: PaletteScheme): string[] {
  const t = tintOf(f)
  const gTone = scheme.groundDark && wantsDark(f) ? scheme.groundDark : scheme.ground
  const groundL = clamp(gTone.l + (t.brightness - 0.5) * 0.06, 0.03, 0.97)
  const groundS = clamp(gTone.s * (0.85 + 0.3 * t.energy))
  const ground = hsl(hueOf(gTone, t, scheme.hueRange), groundS, groundL)
  const dark = groundL < 0.5
  const colour = (tone: Tone) => {
    const h = hueOf(tone, t, scheme.hueRange)
    const s = clamp(tone.s * (1 - scheme.energy * (0.5 - t.energy)), 0, 1)
    // minor keys sit a little darker, major a little lighter, on either ground
    const mode = t.minor ? -0.06 : 0.04
    if (tone.contrast) {
      // energy -> contrast, measured as WCAG luminance ratio rather than HSL lightness, because at one
      // lightness a blue is far darker than an amber
      const [quiet, loud] = tone.contrast
      const target = quiet + (loud - quiet) * t.energy
      return hsl(h, s, clamp(lightnessFor(h, s, ground, groundL, target, dark) + mode, 0.04, 0.97))
    }
    // louder tracks push colours away from the ground: more contrast, inside the tone's range
    const away = (tone.l >= groundL ? 1 : -1) * scheme.energy * (t.energy - 0.5) * 0.16
    return hsl(h, s, clamp(tone.l + mode + away, 0.03, 0.97))
  }
  const ink = inkFor(ground, hueOf(scheme.ink, t, scheme.hueRange), scheme.ink.s)
  return [ground, colour(scheme.primary), colour(scheme.secondary), colour(scheme.accent), ink]
}

/** The lightness nearest the ground (lighter on dark grounds, darker on light) that reaches `target` contrast. */
function lightnessFor(
  h: number,
  s: number,
  ground: string,
  groundL: number,
  target: number,
  darkGround: boolean,
): number {
  // luminance rises monotonically with lightness at a fixed hue and saturation: bisect
  let near = groundL
  let far = darkGround ? 1 : 0
  if (contrastRatio(hsl(h, s, far), ground) < target) return far
  for (let i = 0; i < 14; i++) {
    const mid = (near + far) / 2
    if (contrastRatio(hsl(h, s, mid), ground) >= target) far = mid
    else near = mid
  }
  return far
}

/** A lightly tinted near-white or near-black with at least 4.5:1 contrast against `ground`. */
function inkFor(ground: string, hue: number, sat: number): string {
  const groundDark = relativeLuminance(ground) < 0.18
  for (let l = groundDark ? 0.92 : 0.12; l >= 0 && l <= 1; l += groundDark ? 0.02 : -0.02) {
    const c = hsl(hue, sat, l)
    if (contrastRatio(c, ground) >= 4.5) return c
  }
  return groundDark ? '#ffffff' : '#000000'
}

const hsl = (h: number, s: number, l: number): string => hslToHex(h, s, l)

/** Hue in degrees (any, wrapped), saturation and lightness 0-1 -> "#rrggbb". */
export function hslToHex(h: number, s: number, l: number): string {
  const k = (n: number) => (n + h / 30) % 12
  const a = s * Math.min(l, 1 - l)
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))
  return (
    '#' +
    [f(0), f(8), f(4)]
      .map((v) =>
        Math.round(clamp(v) * 255)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
  )
}

/** "#rrggbb" or "#rgb" (case-insensitive, "#" optional) -> [r, g, b] 0-255; INVALID_INPUT otherwise. */
export function hexToRgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex)
  if (!m) throw new AppError('INVALID_INPUT', `not a hex colour: ${JSON.stringify(String(hex).slice(0, 20))}`)
  const digits = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1]
  const n = parseInt(digits, 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

/** [hue 0-360, saturation 0-1, lightness 0-1] */
export function hexToHsl(hex: string): [number, number, number] {
  const [r, g, b] = hexToRgb(hex).map((v) => v / 255)
  const max = Math.max(r, g, b)
  const min = Math.min(r, g, b)
  const l = (max + min) / 2
  if (max === min) return [0, 0, l]
  const d = max - min
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min)
  const h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4
  return [h * 60, s, l]
}

/** WCAG relative luminance, 0 (black) - 1 (white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex).map((v) => {
    const c = v / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** CIE L*a*b* (D65) of a hex colour: L 0-100. */
export function hexToLab(hex: string): [number, number, number] {
  const [r, g, b] = hexToRgb(hex).map((v) => {
    const c = v / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  const xyz = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
  ].map((v) => (v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16 / 116))
  return [116 * xyz[1] - 16, 500 * (xyz[0] - xyz[1]), 200 * (xyz[1] - xyz[2])]
}

/** CIE76 colour difference; about 2.3 is just noticeable, 25 is a different colour. */
export function deltaE(a: string, b: string): number {
  const [x, y] = [hexToLab(a), hexToLab(b)]
  return Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2])
}

/** WCAG contrast ratio, 1-21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

const HUE_NAMES: [number, string][] = [
  [15, 'crimson'],
  [35, 'vermilion'],
  [50, 'amber'],
  [65, 'gold'],
  [90, 'chartreuse'],
  [150, 'emerald'],
  [180, 'teal'],
  [200, 'cyan'],
  [230, 'azure'],
  [255, 'cobalt blue'],
  [275, 'indigo'],
  [300, 'violet'],
  [330, 'magenta'],
  [350, 'rose'],
  [361, 'crimson'],
]

/** A colour word for prompts: "deep teal", "pale amber", "charcoal". */
export function colourName(hex: string): string {
  const [h, s, l] = hexToHsl(hex)
  if (s < 0.12) return l < 0.2 ? 'charcoal' : l > 0.85 ? 'off-white' : 'grey'
  const name = HUE_NAMES.find(([limit]) => h < limit)![1]
  return l < 0.3 ? `deep ${name}` : l > 0.75 ? `pale ${name}` : name
}
