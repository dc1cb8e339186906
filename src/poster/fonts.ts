// Fonts that ship with the project (OFL packages from npm), turned into SVG paths with opentype.js so
// posters render identically on every machine, with no system fonts. Glyphs are laid out one by one
// (advance + kerning): opentype.js's shaper throws on some GSUB tables, and posters need no ligatures.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import opentype from 'opentype.js'
import type { Typography } from '../prompt/types.ts'

export type Font = ReturnType<typeof opentype.parse>
type Glyph = ReturnType<Font['charToGlyph']>
const require = createRequire(import.meta.url)

const FILES: Record<Typography['family'], Record<number, string>> = {
  sans: {
    400: '@fontsource/inter/files/inter-latin-400-normal.woff',
    700: '@fontsource/inter/files/inter-latin-700-normal.woff',
    900: '@fontsource/inter/files/inter-latin-900-normal.woff',
  },
  serif: {
    400: '@fontsource/playfair-display/files/playfair-display-latin-400-normal.woff',
    700: '@fontsource/playfair-display/files/playfair-display-latin-700-normal.woff',
    900: '@fontsource/playfair-display/files/playfair-display-latin-900-normal.woff',
  },
  display: {
    400: '@fontsource/bebas-neue/files/bebas-neue-latin-400-normal.woff',
    700: '@fontsource/bebas-neue/files/bebas-neue-latin-400-normal.woff',
    900: '@fontsource/bebas-neue/files/bebas-neue-latin-400-normal.woff',
  },
  mono: {
    400: '@fontsource/jetbrains-mono/files/jetbrains-mono-latin-400-normal.woff',
    700: '@fontsource/jetbrains-mono/files/jetbrains-mono-latin-700-normal.woff',
    900: '@fontsource/jetbrains-mono/files/jetbrains-mono-latin-700-normal.woff',
  },
}

const cache = new Map<string, Font>()

export function loadFont(family: Typography['family'], weight: number): Font {
  const w = weight >= 900 ? 900 : weight >= 700 ? 700 : 400
  const key = `${family}-${w}`
  let font = cache.get(key)
  if (!font) {
    const buf = readFileSync(require.resolve(FILES[family][w]))
    font = opentype.parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength))
    cache.set(key, font)
  }
  return font
}

export interface TextRun {
  /** SVG path data, already positioned. */
  d: string
  width: number
}

/** Kerning in font units; some GPOS tables make opentype.js return NaN, which must not poison positions. */
const kern = (font: Font, a: Glyph, b: Glyph) => {
  const k = font.getKerningValue(a, b)
  return Number.isFinite(k) ? k : 0
}

/** A glyph drawn once per vertical offset (em): "≈" is two "~" when the font lacks it (none we ship has it). */
interface Placed {
  g: Glyph
  dy: number[]
}

const SYNTHETIC: Record<string, { from: string; dy: number[] }> = { '≈': { from: '~', dy: [-0.11, 0.11] } }

const glyphsOf = (font: Font, text: string): Placed[] =>
  Array.from(text)
    .map((ch) => {
      const g = font.charToGlyph(ch)
      const syn = SYNTHETIC[ch]
      return g.index === 0 && syn ? { g: font.charToGlyph(syn.from), dy: syn.dy } : { g, dy: [0] }
    })
    .filter((p) => p.g.index !== 0) // .notdef: emoji, CJK and other glyphs the font lacks are dropped

/** Width of `text` at `size` px with `letterSpacing` in em. */
export function measure(font: Font, text: string, size: number, letterSpacing = 0): number {
  const glyphs = glyphsOf(font, text)
  const scale = size / font.unitsPerEm
  let w = 0
  glyphs.forEach(({ g }, i) => {
    w += (g.advanceWidth ?? 0) * scale
    if (i < glyphs.length - 1) w += kern(font, g, glyphs[i + 1].g) * scale + letterSpacing * size
  })
  return w
}

/** Path data for `text` with its baseline at (x, y). */
export function textPath(font: Font, text: string, x: number, y: number, size: number, letterSpacing = 0): TextRun {
  const glyphs = glyphsOf(font, text)
  const scale = size / font.unitsPerEm
  let cx = x
  let d = ''
  glyphs.forEach(({ g, dy }, i) => {
    for (const o of dy) d += pathData(g.getPath(cx, y + o * size, size).commands)
    cx += (g.advanceWidth ?? 0) * scale
    if (i < glyphs.length - 1) cx += kern(font, g, glyphs[i + 1].g) * scale + letterSpacing * size
  })
  return { d, width: cx - x }
}

/** The style's casing; "title" keeps the words as written (never re-cases "feat." or "On"). */
export function applyCase(text: string, c: Typography['case']): string {
  if (c === 'upper') return text.toUpperCase()
  if (c === 'lower') return text.toLowerCase()
  return text
}

/** Ascender and descender (positive, below the baseline) in em, from the font's hhea metrics. */
export function fontMetrics(font: Font): { ascent: number; descent: number } {
  return { ascent: font.ascender / font.unitsPerEm, descent: Math.abs(font.descender) / font.unitsPerEm }
}

const n1 = (v: number) => (Math.round(v * 10) / 10).toString()

/** SVG path data from glyph commands; a control point opentype.js could not compute (NaN) becomes a line. */
function pathData(
  commands: { type: string; x?: number; y?: number; x1?: number; y1?: number; x2?: number; y2?: number }[],
): string {
  let d = ''
  for (const c of commands) {
    const ok = (...v: (number | undefined)[]) => v.every((x) => x !== undefined && Number.isFinite(x))
    if (c.type === 'Z') d += 'Z'
    else if (!ok(c.x, c.y)) continue
    else if (c.type === 'M' || c.type === 'L') d += `${c.type}${n1(c.x!)} ${n1(c.y!)}`
    else if (c.type === 'Q')
      d += ok(c.x1, c.y1) ? `Q${n1(c.x1!)} ${n1(c.y1!)} ${n1(c.x!)} ${n1(c.y!)}` : `L${n1(c.x!)} ${n1(c.y!)}`
    else if (c.type === 'C')
      d += ok(c.x1, c.y1, c.x2, c.y2)
        ? `C${n1(c.x1!)} ${n1(c.y1!)} ${n1(c.x2!)} ${n1(c.y2!)} ${n1(c.x!)} ${n1(c.y!)}`
        : `L${n1(c.x!)} ${n1(c.y!)}`
  }
  return d
}
