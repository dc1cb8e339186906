// Where things go on a poster: size presets, and for each layout the artwork rectangle and the text
// box (portrait-like sizes stack art and text; landscape puts them side by side).
import type { Typography } from '../prompt/types.ts'
import type { SizePreset } from './types.ts'

export const SIZE_PRESETS: Record<SizePreset, { width: number; height: number; label: string }> = {
  portrait: { width: 1024, height: 1536, label: 'Portrait 2:3' },
  square: { width: 1200, height: 1200, label: 'Square cover 1:1' },
  phone: { width: 1080, height: 1920, label: 'Phone 9:16' },
  desktop: { width: 1920, height: 1080, label: 'Desktop 16:9' },
}

export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

export interface Layout {
  art: Rect
  text: Rect
  align: 'left' | 'center'
  /** Text sits on the artwork: draw a scrim (gradient or band) under it. */
  overlay: 'none' | 'gradient' | 'band'
  /** Title runs up the left edge. */
  vertical: boolean
  margin: number
}

export function layoutFor(kind: Typography['layout'], width: number, height: number): Layout {
  const m = Math.round(Math.min(width, height) * 0.055)
  const landscape = width > height * 1.2
  const full: Rect = { x: 0, y: 0, w: width, h: height }
  if (kind === 'centered') {
    return {
      art: full,
      text: { x: m, y: height * (landscape ? 0.5 : 0.6), w: width - 2 * m, h: height * (landscape ? 0.5 : 0.4) - m },
      align: 'center',
      overlay: 'gradient',
      vertical: false,
      margin: m,
    }
  }
  if (kind === 'band') {
    const bandH = height * (landscape ? 0.36 : 0.27)
    const y = height - bandH - m * 1.2
    return {
      art: full,
      text: { x: m * 1.5, y: y + m * 0.6, w: width - 3 * m, h: bandH - m * 1.2 },
      align: 'left',
      overlay: 'band',
      vertical: false,
      margin: m,
    }
  }
  if (landscape) {
    const artW = Math.round(width * 0.58)
    const art = { x: m, y: m, w: artW, h: height - 2 * m }
    const text = { x: art.x + artW + m, y: m, w: width - artW - 3 * m, h: height - 2 * m }
    return { art, text, align: 'left', overlay: 'none', vertical: false, margin: m }
  }
  if (kind === 'vertical') {
    const strip = Math.round(width * 0.2)
    return {
      art: { x: strip, y: m, w: width - strip - m, h: height * 0.74 - m },
      text: { x: m, y: height * 0.74 + m * 0.6, w: width - 2 * m, h: height * 0.26 - m * 1.6 },
      align: 'left',
      overlay: 'none',
      vertical: true,
      margin: m,
    }
  }
  const artH = Math.round(height * (height > width * 1.05 ? 0.68 : 0.62))
  if (kind === 'top-left') {
    const textH = height - artH - 3 * m
    return {
      art: { x: m, y: height - m - artH, w: width - 2 * m, h: artH },
      text: { x: m, y: m, w: width - 2 * m, h: textH },
      align: 'left',
      overlay: 'none',
      vertical: false,
      margin: m,
    }
  }
  return {
    art: { x: m, y: m, w: width - 2 * m, h: artH },
    text: { x: m, y: m + artH + m * 0.9, w: width - 2 * m, h: height - artH - m * 2.9 },
    align: 'left',
    overlay: 'none',
    vertical: false,
    margin: m,
  }
}
