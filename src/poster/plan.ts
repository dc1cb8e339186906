// planPoster: fits the poster's words into its frame and returns every line with its box (title,
// artist, subtitle, facts, credit, QR, palette strip, art focus). compose.ts draws exactly this plan,
// and tests check the boxes: sizes, line counts and that nothing overlaps.
import { applyCase, fontMetrics, loadFont, measure, type Font } from './fonts.ts'
import { ellipsise, fitLines, wrap } from './fit.ts'
import { factParts } from './facts.ts'
import { frameFor, SIZE_PRESETS, type Frame, type Rect } from './layouts.ts'
import type { PosterText } from './types.ts'

export type LineRole = 'title' | 'artist' | 'subtitle' | 'facts' | 'credit'

export interface PlannedLine {
  role: LineRole
  text: string
  font: Font
  size: number
  /** Start of the run and its baseline; vertical runs go up from (x, y), rotated -90°. */
  x: number
  y: number
  letterSpacing: number
  opacity: number
  vertical: boolean
  box: Rect
}

export interface PosterBoxes {
  title: Rect
  artist?: Rect
  subtitle?: Rect
  facts: Rect
  credit: Rect
  qr?: Rect
  palette: Rect
  artFocus: Rect
}

export interface PosterPlan {
  width: number
  height: number
  frame: Frame
  lines: PlannedLine[]
  boxes: PosterBoxes
  title: { lines: string[]; size: number; cut: boolean }
  /** Facts-line type size in px (em). */
  factsSize: number
}

export type PlanInput = Pick<
  PosterText,
  | 'size'
  | 'title'
  | 'author'
  | 'subtitle'
  | 'bpm'
  | 'bpmConfidence'
  | 'keyLabel'
  | 'durationSec'
  | 'typography'
  | 'styleName'
  | 'qrUrl'
> & { engine: string }

/** Facts type is at least this share of the poster's height... */
export const FACTS_MIN_OF_HEIGHT = 0.025
/** ...and aims for this share of the width: 9 px on a 300 px wide thumbnail. */
const FACTS_OF_WIDTH = 0.03
const LOWER_PITCH = 1.28
const TITLE_PITCH = 1.02

export function planPoster(input: PlanInput): PosterPlan {
  const { width: W, height: H } = SIZE_PRESETS[input.size]
  const t = input.typography
  const F = frameFor(t.layout, W, H)
  const T = F.text
  const m = F.margin
  const gap = Math.round(m * 0.45)
  const bodyFamily = t.family === 'display' ? 'sans' : t.family
  const titleFont = loadFont(t.family, t.weight)
  const body = loadFont(bodyFamily, 400)
  const bold = loadFont(bodyFamily, 700)

  // QR: bottom-right of the text region, or of the canvas when the text is centred over the art
  // centred text loses the QR's width on both sides, so the QR is a little smaller there
  const qrShare = F.align === 'center' ? 0.13 : 0.15
  const qrSide = input.qrUrl ? Math.round(Math.min(Math.min(W, H) * qrShare, T.h * 0.55)) : 0
  const qr: Rect | undefined = qrSide
    ? F.align === 'center'
      ? { x: W - m - qrSide, y: H - m - qrSide, w: qrSide, h: qrSide }
      : { x: T.x + T.w - qrSide, y: T.y + T.h - qrSide, w: qrSide, h: qrSide }
    : undefined
  const beside = qr ? (F.align === 'center' ? 2 * (qrSide + gap) : qrSide + gap) : 0
  const lowerW = T.w - beside

  // the lines under the title: artist, subtitle, facts (wrapped between parts when a column is narrow)
  const floor = Math.ceil(H * FACTS_MIN_OF_HEIGHT)
  // landscape: 3% of the width would be 5% of the height, more than a side column or band can carry
  const factsTarget = Math.max(floor, Math.round(W > H * 1.2 ? H * 0.04 : Math.max(H * 0.026, W * FACTS_OF_WIDTH)))
  const parts = factParts(input)
  let factsSize = factsTarget
  while (factsSize > floor && measure(body, parts.join(' · '), factsSize) > lowerW) factsSize--
  const facts = joinWrapped(body, parts, lowerW, factsSize)
  const lower: { role: LineRole; text: string; font: Font; size: number; opacity: number }[] = []
  const author = input.author.trim()
  if (author) {
    const size = Math.round(factsSize * 1.12)
    lower.push({ role: 'artist', text: ellipsise(bold, author, lowerW, size), font: bold, size, opacity: 1 })
  }
  const subtitle = input.subtitle?.trim()
  if (subtitle) {
    const bm = fontMetrics(body)
    const sub = fitLines(body, subtitle, {
      maxWidth: lowerW,
      maxHeight: Infinity,
      maxSize: factsSize,
      minSize: factsSize,
      maxLines: 2,
      pitch: LOWER_PITCH,
      extent: bm.ascent + bm.descent,
    })
    for (const text of sub.lines) lower.push({ role: 'subtitle', text, font: body, size: factsSize, opacity: 0.9 })
  }
  for (const text of facts) lower.push({ role: 'facts', text, font: body, size: factsSize, opacity: 0.85 })
  const stripH = Math.max(6, Math.round(factsSize * 0.38))
  const advance = (l: { font: Font; size: number }) => {
    const fm = fontMetrics(l.font)
    return l.size * Math.max(LOWER_PITCH, fm.ascent + fm.descent + 0.06)
  }
  const lowerH = lower.reduce((h, l) => h + advance(l), 0) + gap * 0.25 + stripH

  // the title: as large as fits, at most three lines; beside the QR only if that lets it grow
  const tm = fontMetrics(titleFont)
  const title = applyCase(input.title.trim() || 'Untitled', t.case)
  const maxSize = Math.round(Math.min(W * 0.14, H * (W > H * 1.2 ? 0.16 : 0.105)))
  const minSize = factsSize
  const fitOpts = {
    maxSize,
    minSize,
    maxLines: 3,
    letterSpacing: t.letterSpacing,
    pitch: TITLE_PITCH,
    extent: tm.ascent + tm.descent,
  }
  const lines: PlannedLine[] = []
  let titleFit: ReturnType<typeof fitLines>
  let titleBox: Rect
  let lowerTop: number
  if (F.titleStrip) {
    const S = F.titleStrip
    titleFit = fitLines(titleFont, title, {
      ...fitOpts,
      maxWidth: S.h,
      maxHeight: S.w,
      maxSize: Math.round(S.w * 0.8),
    })
    titleFit.lines.forEach((text, i) => {
      const s = titleFit.size
      const run = measure(titleFont, text, s, t.letterSpacing)
      const baseX = S.x + tm.ascent * s + i * TITLE_PITCH * s
      const y = S.y + S.h
      const box = { x: baseX - tm.ascent * s, y: y - run, w: (tm.ascent + tm.descent) * s, h: run }
      lines.push({ role: 'title', text, font: titleFont, size: s, x: baseX, y, ...style(t), vertical: true, box })
    })
    titleBox = union(lines.map((l) => l.box))
    lowerTop = T.y
  } else {
    const stackTop = F.anchor === 'top' ? T.y : T.y + T.h - lowerH // where the lower lines would start
    const room = (full: boolean) => {
      if (F.anchor === 'top') {
        const bottom = Math.min(T.y + T.h - lowerH - gap, full && qr ? qr.y - gap : Infinity)
        return bottom - T.y
      }
      const bottom = Math.min(stackTop - gap, full && qr ? qr.y - gap : Infinity)
      return bottom - T.y
    }
    const wide = fitLines(titleFont, title, { ...fitOpts, maxWidth: T.w, maxHeight: room(true) })
    const narrow = qr
      ? fitLines(titleFont, title, { ...fitOpts, maxWidth: T.w - beside, maxHeight: room(false) })
      : wide
    const useWide = !qr || (!wide.cut && (wide.size >= narrow.size || narrow.cut))
    titleFit = useWide ? wide : narrow
    const titleW = useWide ? T.w : T.w - beside
    const s = titleFit.size
    const blockH = ((titleFit.lines.length - 1) * TITLE_PITCH + tm.ascent + tm.descent) * s
    const top = F.anchor === 'top' ? T.y : T.y + room(useWide) - blockH
    titleFit.lines.forEach((text, i) => {
      const w = measure(titleFont, text, s, t.letterSpacing)
      const x = F.align === 'center' ? T.x + (T.w - w) / 2 : T.x
      const y = top + tm.ascent * s + i * TITLE_PITCH * s
      const box = { x, y: y - tm.ascent * s, w: Math.min(w, titleW), h: (tm.ascent + tm.descent) * s }
      lines.push({ role: 'title', text, font: titleFont, size: s, x, y, ...style(t), vertical: false, box })
    })
    titleBox = union(lines.map((l) => l.box))
    lowerTop = F.anchor === 'top' ? titleBox.y + titleBox.h + gap : stackTop
  }

  // lower lines, one after another from lowerTop
  let y = lowerTop
  for (const l of lower) {
    const m2 = fontMetrics(l.font)
    const w = measure(l.font, l.text, l.size)
    const x = F.align === 'center' ? T.x + (T.w - w) / 2 : T.x
    const baseline = y + m2.ascent * l.size
    const box = { x, y, w, h: (m2.ascent + m2.descent) * l.size }
    lines.push({ ...l, x, y: baseline, letterSpacing: 0, vertical: false, box })
    y += advance(l)
  }
  const swatch = Math.round(Math.min(lowerW, T.w) * 0.09)
  const palette = {
    x: F.align === 'center' ? T.x + (T.w - swatch * 5) / 2 : T.x,
    y: y + gap * 0.25,
    w: swatch * 5,
    h: stripH,
  }

  // credit: in the bottom margin, right-aligned, clear of the QR and the text region
  const cs = Math.max(12, Math.round(Math.min(W, H) * 0.018))
  const credit = `Mus2Pic · ${input.engine} · ${input.styleName}`
  const cm = fontMetrics(body)
  const cw = measure(body, credit, cs)
  const cy = H - Math.round(m * 0.32) - cm.descent * cs
  const creditBox = { x: W - m - cw, y: cy - cm.ascent * cs, w: cw, h: (cm.ascent + cm.descent) * cs }
  lines.push({
    role: 'credit',
    text: credit,
    font: body,
    size: cs,
    x: creditBox.x,
    y: cy,
    letterSpacing: 0,
    opacity: 0.72,
    vertical: false,
    box: creditBox,
  })

  const boxOf = (role: LineRole) => {
    const r = lines.filter((l) => l.role === role).map((l) => l.box)
    return r.length ? union(r) : undefined
  }
  return {
    width: W,
    height: H,
    frame: F,
    lines,
    boxes: {
      title: titleBox,
      artist: boxOf('artist'),
      subtitle: boxOf('subtitle'),
      facts: boxOf('facts') ?? { x: T.x, y: lowerTop, w: 0, h: 0 },
      credit: creditBox,
      qr,
      palette,
      artFocus: F.artFocus,
    },
    title: titleFit,
    factsSize,
  }
}

const style = (t: PlanInput['typography']) => ({ letterSpacing: t.letterSpacing, opacity: 1 })

/** Parts joined by " · ", wrapped between parts into as many lines as the width needs. */
function joinWrapped(font: Font, parts: string[], maxWidth: number, size: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const p of parts) {
    const next = line ? `${line} · ${p}` : p
    if (line && measure(font, next, size) > maxWidth) {
      lines.push(line)
      line = p
    } else line = next
  }
  if (line) lines.push(line)
  return lines.map((l) => (measure(font, l, size) > maxWidth ? (wrap(font, [l], maxWidth, size)[0] ?? l) : l))
}

export function union(rs: Rect[]): Rect {
  const x = Math.min(...rs.map((r) => r.x))
  const y = Math.min(...rs.map((r) => r.y))
  const x2 = Math.max(...rs.map((r) => r.x + r.w))
  const y2 = Math.max(...rs.map((r) => r.y + r.h))
  return { x, y, w: x2 - x, h: y2 - y }
}

/** Whether two boxes share any area (touching edges do not count). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}
