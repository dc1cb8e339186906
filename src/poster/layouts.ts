// Where things go on a poster: size presets, and for each style layout the frame: the artwork
// rectangle, the text region, the part of the art text must keep clear of (artFocus) and the scrim.
// plan.ts fits the actual words into this frame and returns every box.
import type { Typography } from '../prompt/types.ts'
import type { SizePreset } from './types.ts'

export interface SizeSpec {
  width: number
  height: number
  label: string
  /** Printed at 300 dpi: the label states the paper size. */
  print?: boolean
}

export const SIZE_PRESETS: Record<SizePreset, SizeSpec> = {
  portrait: { width: 1024, height: 1536, label: 'Portrait 2:3' },
  square: { width: 1200, height: 1200, label: 'Square 1:1' },
  phone: { width: 1080, height: 1920, label: 'Phone 9:16' },
  desktop: { width: 1920, height: 1080, label: 'Desktop 16:9' },
  feed: { width: 1080, height: 1350, label: 'Social feed 4:5' },
  cover: { width: 3000, height: 3000, label: 'Streaming cover 3000 px' },
  a4: { width: 2480, height: 3508, label: 'A4 print, 300 dpi', print: true },
  a3: { width: 3508, height: 4961, label: 'A3 print, 300 dpi', print: true },
  'print-18x24': { width: 5400, height: 7200, label: '18×24 in print, 300 dpi', print: true },
}

export const SIZE_IDS = Object.keys(SIZE_PRESETS) as SizePreset[]

export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

export interface Frame {
  art: Rect
  /** Title (unless vertical), artist, subtitle, facts, palette strip and QR go in here. */
  text: Rect
  /** Vertical layouts: the strip the rotated title runs up, beside the art. */
  titleStrip?: Rect
  /** The part of the artwork no text may cover: all of an inset art, the part above the text on full-bleed art. */
  artFocus: Rect
  align: 'left' | 'center'
  /** Text sits on the artwork: draw a scrim (gradient or band) under it. */
  overlay: 'none' | 'gradient' | 'band'
  /** Stack the text from the bottom of the region (over full-bleed art) or from its top (under inset art). */
  anchor: 'top' | 'bottom'
  margin: number
}

export type Orientation = 'portrait' | 'square' | 'landscape'

export function orientationOf(width: number, height: number): Orientation {
  return width > height * 1.2 ? 'landscape' : height > width * 1.05 ? 'portrait' : 'square'
}

const rect = (x: number, y: number, w: number, h: number): Rect => ({
  x: Math.round(x),
  y: Math.round(y),
  w: Math.round(w),
  h: Math.round(h),
})

export function frameFor(kind: Typography['layout'], width: number, height: number): Frame {
  const W = width
  const H = height
  const m = Math.round(Math.min(W, H) * 0.055)
  const o = orientationOf(W, H)
  const full = rect(0, 0, W, H)
  if (kind === 'centered') {
    const top = H * (o === 'landscape' ? 0.46 : o === 'square' ? 0.5 : 0.52)
    const text = rect(m, top, W - 2 * m, H - top - m)
    const focus = rect(m, m, W - 2 * m, text.y - 2 * m)
    return { art: full, text, artFocus: focus, align: 'center', overlay: 'gradient', anchor: 'bottom', margin: m }
  }
  if (kind === 'band') {
    const bandH = H * (o === 'landscape' ? 0.42 : o === 'square' ? 0.36 : 0.31)
    const bandY = H - bandH - m * 1.2
    const text = rect(m * 1.6, bandY + m * 0.6, W - 3.2 * m, bandH - m * 1.2)
    const focus = rect(m, m, W - 2 * m, bandY - 2 * m)
    return { art: full, text, artFocus: focus, align: 'left', overlay: 'band', anchor: 'bottom', margin: m }
  }
  if (o === 'landscape') {
    // side by side: art on the left at a little over half the width, a full-height text column
    const art = rect(m, m, W * 0.52, H - 2 * m)
    const text = rect(art.x + art.w + m, m, W - art.w - 3 * m, H - 2 * m)
    return { art, text, artFocus: art, align: 'left', overlay: 'none', anchor: 'top', margin: m }
  }
  if (kind === 'vertical') {
    const strip = Math.round(W * (o === 'portrait' ? 0.22 : 0.2))
    const art = rect(strip, m, W - strip - m, H * (o === 'portrait' ? 0.72 : 0.68) - m)
    const titleStrip = rect(m, art.y, strip - m - m * 0.4, art.h)
    const top = art.y + art.h + m * 0.8
    const text = rect(m, top, W - 2 * m, H - top - m)
    return { art, text, titleStrip, artFocus: art, align: 'left', overlay: 'none', anchor: 'top', margin: m }
  }
  // portrait and phone give the art a little less height so the text block gets room to grow
  const artH = H * (o === 'portrait' ? (H > W * 1.6 ? 0.6 : 0.64) : 0.55)
  if (kind === 'top-left') {
    const art = rect(m, H - m - artH, W - 2 * m, artH)
    const text = rect(m, m, W - 2 * m, art.y - 1.8 * m)
    return { art, text, artFocus: art, align: 'left', overlay: 'none', anchor: 'top', margin: m }
  }
  const art = rect(m, m, W - 2 * m, artH)
  const top = art.y + art.h + m * 0.8
  const text = rect(m, top, W - 2 * m, H - top - m)
  return { art, text, artFocus: art, align: 'left', overlay: 'none', anchor: 'top', margin: m }
}
