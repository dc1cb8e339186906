// The motif silhouettes themselves: each stands on (x, base), about `s` tall, in one colour, drawn
// from a handful of polygons so they read at thumbnail size and stay cheap at print size.
import type { MotifKind } from './motifs.ts'
import { circle, line, path, poly, rect, n } from './svg.ts'

type Draw = (x: number, b: number, s: number, fill: string, r: () => number) => string

const figure: Draw = (x, b, s, fill) =>
  circle(x, b - s * 0.9, s * 0.08, fill) +
  poly(
    [
      [x - s * 0.12, b - s * 0.78],
      [x + s * 0.12, b - s * 0.78],
      [x + s * 0.09, b - s * 0.42],
      [x + s * 0.1, b],
      [x + s * 0.02, b],
      [x, b - s * 0.38],
      [x - s * 0.02, b],
      [x - s * 0.1, b],
      [x - s * 0.09, b - s * 0.42],
    ],
    fill,
  )

const dancer: Draw = (x, b, s, fill) =>
  circle(x + s * 0.05, b - s * 0.92, s * 0.08, fill) +
  poly(
    [
      [x - s * 0.45, b - s * 1.05],
      [x - s * 0.05, b - s * 0.78],
      [x + s * 0.12, b - s * 0.8],
      [x + s * 0.45, b - s * 1.1],
      [x + s * 0.14, b - s * 0.7],
      [x + s * 0.06, b - s * 0.45],
      [x + s * 0.5, b - s * 0.2],
      [x + s * 0.03, b - s * 0.36],
      [x - s * 0.1, b - s * 0.42],
      [x - s * 0.5, b - s * 0.55],
      [x - s * 0.06, b - s * 0.5],
      [x - s * 0.02, b - s * 0.74],
    ],
    fill,
  )

const crowd: Draw = (x, b, s, fill, r) => {
  let out = ''
  const w = s * 2.4
  for (let i = 0; i < 9; i++) {
    const cx = x - w / 2 + (i + 0.5) * (w / 9)
    const h = s * (0.45 + 0.15 * r())
    out += circle(cx, b - h, s * 0.07, fill) + rect(cx - s * 0.1, b - h + s * 0.06, s * 0.2, h, fill, { rx: s * 0.05 })
    if (r() < 0.5)
      out += line(
        [
          [cx + s * 0.06, b - h + s * 0.1],
          [cx + s * 0.16, b - h - s * 0.2],
        ],
        fill,
        s * 0.04,
      )
  }
  return out
}

const wave: Draw = (x, b, s, fill, r) => {
  const w = s * 2.2
  const x0 = x - w / 2
  const d =
    `M${n(x0)} ${n(b)} C${n(x0 + w * 0.2)} ${n(b - s * 0.2)} ${n(x0 + w * 0.35)} ${n(b - s * 0.95)} ` +
    `${n(x0 + w * 0.62)} ${n(b - s * 0.9)} C${n(x0 + w * 0.8)} ${n(b - s * 0.86)} ${n(x0 + w * 0.82)} ` +
    `${n(b - s * 0.55)} ${n(x0 + w * 0.68)} ${n(b - s * 0.6)} C${n(x0 + w * 0.6)} ${n(b - s * 0.62)} ` +
    `${n(x0 + w * 0.6)} ${n(b - s * 0.45)} ${n(x0 + w * 0.75)} ${n(b - s * 0.35)} L${n(x0 + w)} ${n(b)}Z`
  let foam = ''
  for (let i = 0; i < 7; i++)
    foam += circle(x0 + w * (0.45 + 0.3 * r()), b - s * (0.75 + 0.2 * r()), s * (0.02 + 0.03 * r()), fill)
  return path(d, fill) + foam
}

const trees: Draw = (x, b, s, fill, r) => {
  let out = ''
  for (let i = 0; i < 5; i++) {
    const cx = x + (i - 2) * s * 0.32 + (r() - 0.5) * s * 0.1
    const h = s * (0.55 + 0.45 * r())
    out += poly(
      [
        [cx, b - h],
        [cx + h * 0.22, b - h * 0.15],
        [cx + h * 0.03, b - h * 0.15],
        [cx + h * 0.03, b],
        [cx - h * 0.03, b],
        [cx - h * 0.03, b - h * 0.15],
        [cx - h * 0.22, b - h * 0.15],
      ],
      fill,
    )
  }
  return out
}

const mountains: Draw = (x, b, s, fill, r) =>
  poly(
    [
      [x - s * 1.4, b],
      [x - s * 0.55, b - s * (0.55 + 0.2 * r())],
      [x - s * 0.2, b - s * 0.35],
      [x + s * 0.15, b - s],
      [x + s * 0.6, b - s * 0.45],
      [x + s * 0.85, b - s * (0.6 + 0.15 * r())],
      [x + s * 1.4, b],
    ],
    fill,
  )

const city: Draw = (x, b, s, fill, r) => {
  let out = ''
  const w = s * 2.4
  let cx = x - w / 2
  while (cx < x + w / 2) {
    const bw = s * (0.14 + 0.14 * r())
    const h = s * (0.35 + 0.65 * r())
    out += rect(cx, b - h, bw + 1, h, fill)
    if (r() < 0.3) out += rect(cx + bw * 0.45, b - h - s * 0.12, bw * 0.1, s * 0.12, fill)
    cx += bw
  }
  return out
}

const birds: Draw = (x, b, s, fill, r) => {
  let out = ''
  for (let i = 0; i < 7; i++) {
    const cx = x + (r() - 0.5) * s * 1.6
    const cy = b - s * (0.3 + 0.7 * r())
    const w = s * (0.08 + 0.1 * r())
    out += line(
      [
        [cx - w, cy - w * 0.4],
        [cx, cy],
        [cx + w, cy - w * 0.4],
      ],
      fill,
      Math.max(1, s * 0.025),
      { 'stroke-linejoin': 'round' },
    )
  }
  return out
}

const boat: Draw = (x, b, s, fill) =>
  poly(
    [
      [x - s * 0.55, b - s * 0.2],
      [x + s * 0.55, b - s * 0.2],
      [x + s * 0.4, b],
      [x - s * 0.4, b],
    ],
    fill,
  ) +
  poly(
    [
      [x, b - s],
      [x + s * 0.42, b - s * 0.28],
      [x, b - s * 0.28],
    ],
    fill,
  ) +
  poly(
    [
      [x - s * 0.04, b - s * 0.85],
      [x - s * 0.04, b - s * 0.28],
      [x - s * 0.35, b - s * 0.28],
    ],
    fill,
  )

const lighthouse: Draw = (x, b, s, fill) =>
  poly(
    [
      [x - s * 0.14, b],
      [x - s * 0.08, b - s * 0.72],
      [x + s * 0.08, b - s * 0.72],
      [x + s * 0.14, b],
    ],
    fill,
  ) +
  rect(x - s * 0.1, b - s * 0.86, s * 0.2, s * 0.1, fill) +
  poly(
    [
      [x - s * 0.12, b - s * 0.86],
      [x, b - s],
      [x + s * 0.12, b - s * 0.86],
    ],
    fill,
  ) +
  poly(
    [
      [x + s * 0.1, b - s * 0.82],
      [x + s * 1.2, b - s * 0.95],
      [x + s * 1.2, b - s * 0.7],
    ],
    fill,
    { 'fill-opacity': '0.35' },
  )

const fireworks: Draw = (x, b, s, fill, r) => {
  let out = ''
  for (let k = 0; k < 3; k++) {
    const cx = x + (k - 1) * s * 0.7
    const cy = b - s * (0.7 + 0.3 * r())
    const rad = s * (0.2 + 0.15 * r())
    for (let i = 0; i < 14; i++) {
      const a = (i / 14) * Math.PI * 2
      const c = Math.cos(a)
      const si = Math.sin(a)
      const seg: [number, number][] = [
        [cx + c * rad * 0.3, cy + si * rad * 0.3],
        [cx + c * rad, cy + si * rad],
      ]
      out += line(seg, fill, Math.max(1, s * 0.02))
    }
  }
  return out
}

const flower: Draw = (x, b, s, fill) => {
  let out = line(
    [
      [x, b],
      [x, b - s * 0.65],
    ],
    fill,
    s * 0.04,
  )
  out += path(`M${n(x)} ${n(b - s * 0.3)}q${n(s * 0.25)} ${n(-s * 0.05)} ${n(s * 0.3)} ${n(-s * 0.2)}`, fill)
  for (let i = 0; i < 6; i++) {
    const a = (i / 6) * Math.PI * 2
    out += circle(x + Math.cos(a) * s * 0.13, b - s * 0.78 + Math.sin(a) * s * 0.13, s * 0.1, fill)
  }
  return out
}

const lightning: Draw = (x, b, s, fill) =>
  poly(
    [
      [x + s * 0.1, b - s],
      [x - s * 0.2, b - s * 0.4],
      [x, b - s * 0.42],
      [x - s * 0.15, b],
      [x + s * 0.25, b - s * 0.55],
      [x + s * 0.05, b - s * 0.53],
      [x + s * 0.25, b - s],
    ],
    fill,
  )

const balloon: Draw = (x, b, s, fill) =>
  circle(x, b - s * 0.7, s * 0.3, fill) +
  poly(
    [
      [x - s * 0.26, b - s * 0.58],
      [x, b - s * 0.25],
      [x + s * 0.26, b - s * 0.58],
    ],
    fill,
  ) +
  rect(x - s * 0.06, b - s * 0.2, s * 0.12, s * 0.1, fill)

const rocket: Draw = (x, b, s, fill) =>
  path(
    `M${n(x)} ${n(b - s)}C${n(x + s * 0.18)} ${n(b - s * 0.8)} ${n(x + s * 0.14)} ${n(b - s * 0.45)} ` +
      `${n(x + s * 0.12)} ${n(b - s * 0.3)}L${n(x + s * 0.25)} ${n(b - s * 0.15)}L${n(x - s * 0.25)} ` +
      `${n(b - s * 0.15)}L${n(x - s * 0.12)} ${n(b - s * 0.3)}C${n(x - s * 0.14)} ${n(b - s * 0.45)} ` +
      `${n(x - s * 0.18)} ${n(b - s * 0.8)} ${n(x)} ${n(b - s)}Z`,
    fill,
  ) +
  poly(
    [
      [x - s * 0.08, b - s * 0.14],
      [x, b + s * 0.1],
      [x + s * 0.08, b - s * 0.14],
    ],
    fill,
    { 'fill-opacity': '0.6' },
  )

export const DRAW: Record<MotifKind, Draw> = {
  wave,
  trees,
  mountains,
  figure,
  dancer,
  crowd,
  city,
  birds,
  boat,
  lighthouse,
  fireworks,
  flower,
  lightning,
  balloon,
  rocket,
}
