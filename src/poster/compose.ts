// composePoster: artwork + typography (title, artist, "128 BPM · A minor · 3:41"), a palette strip,
// an optional QR code and a credit, laid out by the style; PNG with metadata + a WebP thumbnail.
import sharp from 'sharp'
import { applyCase, fitText, loadFont, measure, textPath } from './fonts.ts'
import { layoutFor, SIZE_PRESETS, type Rect } from './layouts.ts'
import { addPngText } from './png-text.ts'
import { qrSvg } from './qr.ts'
import type { PosterInput, PosterOutput } from './types.ts'

export const THUMB_WIDTH = 360

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

export function metaLine(input: Pick<PosterInput, 'bpm' | 'keyLabel' | 'durationSec'>): string {
  return [
    `${Math.round(input.bpm)} BPM`,
    input.keyLabel,
    input.durationSec > 0 ? formatDuration(input.durationSec) : '',
  ]
    .filter(Boolean)
    .join(' · ')
}

export async function composePoster(input: PosterInput): Promise<PosterOutput> {
  const { width: W, height: H } = SIZE_PRESETS[input.size]
  const L = layoutFor(input.typography.layout, W, H)
  const [ground, , , accent, ink] = input.palette
  const art = await sharp(
    Buffer.from(input.image.data.buffer, input.image.data.byteOffset, input.image.data.byteLength),
    { raw: { width: input.image.width, height: input.image.height, channels: 3 } },
  )
    .resize(Math.round(L.art.w), Math.round(L.art.h), { fit: 'cover', position: 'attention' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  const svg = overlaySvg(input, W, H, L, ground, ink, accent)
  const composed = await sharp({ create: { width: W, height: H, channels: 3, background: ground } })
    .composite([
      {
        input: art.data,
        raw: { width: art.info.width, height: art.info.height, channels: art.info.channels },
        left: Math.round(L.art.x),
        top: Math.round(L.art.y),
      },
      { input: Buffer.from(svg), left: 0, top: 0 },
    ])
    .removeAlpha()
    // level 6 + adaptive filtering: within 10% of level 9's size at a quarter of its time (measured, bench/sketch)
    .png({ compressionLevel: 6, adaptiveFiltering: true })
    .toBuffer()
  const png = addPngText(composed, {
    'mus2pic:title': input.title,
    'mus2pic:artist': input.author,
    'mus2pic:prompt': input.metadata.prompt,
    'mus2pic:seed': String(input.metadata.seed),
    'mus2pic:engine': input.metadata.engine,
    'mus2pic:style': input.metadata.style,
    'mus2pic:features': JSON.stringify(input.metadata.features),
    Software: 'Mus2Pic',
  })
  const thumbWebp = await sharp(composed).resize(THUMB_WIDTH).webp({ quality: 82 }).toBuffer()
  return { png, thumbWebp, width: W, height: H }
}

function overlaySvg(
  input: PosterInput,
  W: number,
  H: number,
  L: ReturnType<typeof layoutFor>,
  ground: string,
  ink: string,
  accent: string,
): string {
  const t = input.typography
  const parts: string[] = []
  const T = L.text
  if (L.overlay === 'gradient') {
    parts.push(
      `<defs><linearGradient id="scrim" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${ground}" stop-opacity="0"/><stop offset="0.55" stop-color="${ground}" stop-opacity="0.82"/><stop offset="1" stop-color="${ground}" stop-opacity="0.96"/></linearGradient></defs>`,
    )
    parts.push(
      `<rect x="0" y="${(T.y - H * 0.18).toFixed(0)}" width="${W}" height="${(H - T.y + H * 0.18).toFixed(0)}" fill="url(#scrim)"/>`,
    )
  } else if (L.overlay === 'band') {
    parts.push(
      `<rect x="${L.margin}" y="${(T.y - L.margin * 0.6).toFixed(0)}" width="${W - 2 * L.margin}" height="${(T.h + L.margin * 1.2).toFixed(0)}" fill="${ground}" fill-opacity="0.93"/>`,
    )
    parts.push(
      `<rect x="${L.margin}" y="${(T.y - L.margin * 0.6).toFixed(0)}" width="${Math.round(L.margin * 0.25)}" height="${(T.h + L.margin * 1.2).toFixed(0)}" fill="${accent}"/>`,
    )
  }
  const titleFont = loadFont(t.family, t.weight)
  const bodyFont = loadFont(t.family === 'display' ? 'sans' : t.family, 400)
  const boldFont = loadFont(t.family === 'display' ? 'sans' : t.family, 700)
  const title = applyCase(input.title || 'Untitled', t.case)
  const qrSize = input.qrUrl ? Math.round(Math.min(T.h * 0.62, Math.min(W, H) * 0.17)) : 0
  const textW = T.w - (qrSize && L.align === 'left' ? qrSize + L.margin * 0.6 : 0)
  const small = Math.max(16, Math.round(Math.min(W, H) * 0.028))

  let y = T.y
  if (L.vertical) {
    const strip = L.art.x - L.margin
    const fit = fitText(
      titleFont,
      title,
      L.art.h,
      Math.round(strip * 0.75),
      Math.round(strip * 0.3),
      2,
      t.letterSpacing,
    )
    fit.lines.forEach((line, i) => {
      const baseX = L.margin + fit.size * 0.85 + i * fit.size * 1.02
      const run = textPath(titleFont, line, 0, 0, fit.size, t.letterSpacing)
      parts.push(
        `<g transform="translate(${baseX.toFixed(1)} ${(L.art.y + L.art.h).toFixed(1)}) rotate(-90)"><path d="${run.d}" fill="${ink}"/></g>`,
      )
    })
  } else {
    // the title gets what the artist line, meta line and palette strip leave free
    const reserved = small * 4.2 + Math.max(8, Math.round(T.w * 0.09 * 0.32))
    const start = Math.min(T.h * 0.34, textW * 0.16)
    const fit = fitText(
      titleFont,
      title,
      textW,
      Math.round(start),
      Math.max(18, Math.round(start * 0.3)),
      3,
      t.letterSpacing,
      Math.max(T.h - reserved, 24),
    )
    for (const line of fit.lines) {
      y += fit.size * 0.92
      const w = measure(titleFont, line, fit.size, t.letterSpacing)
      const x = L.align === 'center' ? T.x + (T.w - w) / 2 : T.x
      parts.push(`<path d="${textPath(titleFont, line, x, y, fit.size, t.letterSpacing).d}" fill="${ink}"/>`)
      y += fit.size * 0.12
    }
  }
  const artist = fitText(
    boldFont,
    input.author || 'Unknown artist',
    textW,
    small,
    Math.max(12, Math.round(small * 0.6)),
    1,
  )
  y += artist.size * 1.5
  parts.push(textLine(boldFont, artist.lines[0] ?? '', T, textW, y, artist.size, ink, L.align, 1))
  const meta = metaLine(input)
  y += artist.size * 1.35
  parts.push(textLine(bodyFont, meta, T, textW, y, Math.round(artist.size * 0.82), ink, L.align, 0.78))

  // palette strip: five swatches at the bottom of the text box
  const sw = Math.round(Math.min(textW, T.w) * 0.09)
  const sh = Math.max(8, Math.round(sw * 0.32))
  const stripW = sw * 5
  const sx = L.align === 'center' ? T.x + (T.w - stripW) / 2 : T.x
  const sy = Math.max(T.y + T.h - sh, y + artist.size * 0.9)
  input.palette.forEach((c, i) =>
    parts.push(
      `<rect x="${(sx + i * sw).toFixed(1)}" y="${sy.toFixed(1)}" width="${sw}" height="${sh}" fill="${c}" stroke="${ink}" stroke-opacity="0.25" stroke-width="1"/>`,
    ),
  )

  if (input.qrUrl && qrSize > 0) {
    const qx = L.align === 'center' ? W - L.margin - qrSize : T.x + T.w - qrSize
    const qy = L.align === 'center' ? H - L.margin - qrSize : T.y + T.h - qrSize
    parts.push(qrSvg(input.qrUrl, qx, qy, qrSize, '#111111', '#ffffff'))
  }
  const credit = `Mus2Pic · ${input.metadata.engine} · ${input.styleName}`
  const cs = Math.max(11, Math.round(Math.min(W, H) * 0.013))
  const cw = measure(bodyFont, credit, cs)
  parts.push(
    `<path d="${textPath(bodyFont, credit, W - L.margin * 0.5 - cw, H - L.margin * 0.3, cs).d}" fill="${ink}" fill-opacity="0.55"/>`,
  )
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><title>${esc(input.title)}</title>${parts.join('')}</svg>`
}

function textLine(
  font: ReturnType<typeof loadFont>,
  text: string,
  T: Rect,
  maxW: number,
  y: number,
  size: number,
  fill: string,
  align: 'left' | 'center',
  opacity: number,
): string {
  const w = Math.min(measure(font, text, size), maxW)
  const x = align === 'center' ? T.x + (T.w - w) / 2 : T.x
  return `<path d="${textPath(font, text, x, y, size).d}" fill="${fill}"${opacity < 1 ? ` fill-opacity="${opacity}"` : ''}/>`
}
