// Five colours from the music: key on the circle of fifths sets the hue (30° a fifth), mode and
// valence pull it warmer or cooler, energy sets saturation and contrast; the style's rule bends it.
// [0] ground, [1] primary, [2] secondary, [3] accent, [4] ink (>= 4.5:1 against the ground).
import type { PitchClass } from '../audio/types.ts'
import { AppError } from '../errors.ts'
import type { PromptFeatures, StylePreset } from './types.ts'
import { warmthOf } from './vocabulary.ts'

const PCS: PitchClass[] = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']
const clamp = (v: number, lo = 0, hi = 1) => Math.min(hi, Math.max(lo, v))
const wrap = (h: number) => ((h % 360) + 360) % 360

/** Hue of a key: position on the circle of fifths x 30°, C at 200° (a cool blue). */
export function keyHue(tonic: PitchClass): number {
  const fifths = (PCS.indexOf(tonic) * 7) % 12
  return wrap(200 + fifths * 30)
}

/** Moves hue h toward target by up to `amount` degrees along the shorter arc. */
function pull(h: number, target: number, amount: number): number {
  const d = ((target - h + 540) % 360) - 180
  return wrap(h + Math.sign(d) * Math.min(Math.abs(d), Math.abs(amount)))
}

/**
 * Five hex colours (#rrggbb) for a track in a style: [0] ground, [1] primary, [2] secondary,
 * [3] accent, [4] ink with WCAG contrast >= 4.5 against the ground.
 */
export function makePalette(f: PromptFeatures, style: StylePreset): string[] {
  const rule = style.palette
  const warmth = warmthOf(f)
  let hue = wrap(keyHue(f.tonic) + rule.hueShift)
  // warm tracks drift toward amber (35°), cool ones toward blue (225°)
  hue = warmth >= 0 ? pull(hue, 35, 60 * warmth) : pull(hue, 225, 60 * -warmth)
  const sat = clamp((0.3 + 0.6 * f.energy) * rule.saturation, 0.03, 0.95)
  const dark =
    rule.ground === 'dark' || (rule.ground === 'auto' && (f.mode === 'minor' || f.valence < 0 || f.brightness < 0.35))
  const light = (v: number) => clamp(v * rule.lightness, 0.04, 0.97)
  const spread = 30 * rule.spread
  const groundL = dark ? light(0.08 + 0.06 * f.brightness) : light(0.9 + 0.05 * f.brightness)
  const ground = hsl(hue, sat * 0.35, groundL)
  // energy -> contrast, measured as WCAG luminance ratio rather than HSL lightness, because at one
  // lightness a blue is far darker than an amber: quiet 1.4:1 (tone on tone) .. loud 6:1 (punchy)
  const target = 1.4 + 4.6 * f.energy
  // minor keys sit a little darker, major a little lighter, on either ground
  const modeShift = f.mode === 'minor' ? -0.06 : 0.04
  const primary = hsl(hue, sat, clamp(lightnessFor(hue, sat, ground, groundL, target, dark) + modeShift, 0.04, 0.97))
  const secondaryHue = wrap(hue + spread)
  const secondaryL = lightnessFor(secondaryHue, sat * 0.85, ground, groundL, 1 + (target - 1) * 0.7, dark)
  const secondary = hsl(secondaryHue, sat * 0.85, clamp(secondaryL + modeShift, 0.04, 0.97))
  const accent = hsl(wrap(hue + 180 - spread / 2), clamp(sat * 1.15, 0, 0.95), light(dark ? 0.6 : 0.45))
  const ink = inkFor(ground, hue)
  return [ground, primary, secondary, accent, ink]
}

/** The lightness nearest the ground (moving lighter on dark grounds, darker on light) that reaches `target` contrast. */
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
function inkFor(ground: string, hue: number): string {
  const groundDark = relativeLuminance(ground) < 0.18
  for (let l = groundDark ? 0.92 : 0.12; l >= 0 && l <= 1; l += groundDark ? 0.02 : -0.02) {
    const c = hsl(hue, 0.25, l)
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
