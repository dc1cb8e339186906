// The poster's typography layer as SVG elements: scrim or band under text on full-bleed art, every
// planned line as outlined glyph paths, the palette strip, the QR code. Shared by PNG and SVG output.
import { textPath } from './fonts.ts'
import type { Rect } from './layouts.ts'
import { union, type PosterPlan } from './plan.ts'
import { qrSvg } from './qr.ts'
import type { PosterText } from './types.ts'

const f0 = (v: number) => v.toFixed(0)
const f1 = (v: number) => v.toFixed(1)

export function overlayParts(plan: PosterPlan, text: PosterText): string {
  const { width: W, height: H, frame: F, boxes } = plan
  const [ground, , , accent, ink] = text.palette
  const parts: string[] = []
  const m = F.margin
  if (F.overlay === 'gradient') {
    // transparent over the art's focus, nearly opaque from where the text starts: art lines never cross the title
    const top = F.artFocus.y + F.artFocus.h
    const solid = Math.max(0.05, Math.min(0.95, (Math.min(F.text.y, boxes.title.y) - top) / (H - top)))
    parts.push(
      '<defs><linearGradient id="m2p-scrim" x1="0" y1="0" x2="0" y2="1">' +
        `<stop offset="0" stop-color="${ground}" stop-opacity="0"/>` +
        `<stop offset="${solid.toFixed(3)}" stop-color="${ground}" stop-opacity="0.9"/>` +
        `<stop offset="1" stop-color="${ground}" stop-opacity="0.97"/></linearGradient></defs>`,
      `<rect x="0" y="${f0(top)}" width="${W}" height="${f0(H - top)}" fill="url(#m2p-scrim)"/>`,
    )
  } else if (F.overlay === 'band') {
    const y = F.text.y - m * 0.6
    const h = F.text.h + m * 1.2
    parts.push(
      `<rect x="${m}" y="${f0(y)}" width="${W - 2 * m}" height="${f0(h)}" fill="${ground}" fill-opacity="0.94"/>`,
      `<rect x="${m}" y="${f0(y)}" width="${Math.round(m * 0.25)}" height="${f0(h)}" fill="${accent}"/>`,
    )
  }
  for (const l of plan.lines) {
    const opacity = l.opacity < 1 ? ` fill-opacity="${l.opacity}"` : ''
    if (l.vertical) {
      const d = textPath(l.font, l.text, 0, 0, l.size, l.letterSpacing).d
      parts.push(
        `<g transform="translate(${f1(l.x)} ${f1(l.y)}) rotate(-90)"><path d="${d}" fill="${ink}"${opacity}/></g>`,
      )
    } else {
      const d = textPath(l.font, l.text, l.x, l.y, l.size, l.letterSpacing).d
      parts.push(`<path d="${d}" fill="${ink}"${opacity}/>`)
    }
  }
  const P = boxes.palette
  const sw = P.w / 5
  text.palette.forEach((c, i) =>
    parts.push(
      `<rect x="${f1(P.x + i * sw)}" y="${f1(P.y)}" width="${f1(sw)}" height="${P.h}" fill="${c}" ` +
        `stroke="${ink}" stroke-opacity="0.25" stroke-width="1"/>`,
    ),
  )
  if (text.qrUrl && boxes.qr) parts.push(qrSvg(text.qrUrl, boxes.qr.x, boxes.qr.y, boxes.qr.w, '#111111', '#ffffff'))
  return parts.join('')
}

/** The part of the canvas the overlay draws on: rasterising only this keeps print sizes fast. */
export function overlayBounds(plan: PosterPlan): Rect {
  const { width: W, height: H, frame: F, boxes } = plan
  const m = F.margin
  const rs: Rect[] = [F.text, boxes.title, boxes.facts, boxes.credit, boxes.palette, ...plan.lines.map((l) => l.box)]
  if (boxes.qr) rs.push(boxes.qr)
  if (F.overlay === 'gradient') rs.push({ x: 0, y: F.artFocus.y + F.artFocus.h, w: W, h: H })
  if (F.overlay === 'band') rs.push({ x: m, y: F.text.y - m * 0.6, w: W - 2 * m, h: F.text.h + m * 1.2 })
  const u = union(rs)
  const x = Math.max(0, Math.floor(u.x) - 2)
  const y = Math.max(0, Math.floor(u.y) - 2)
  return { x, y, w: Math.min(W, Math.ceil(u.x + u.w) + 2) - x, h: Math.min(H, Math.ceil(u.y + u.h) + 2) - y }
}
