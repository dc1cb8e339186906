// Synthwave and Vaporwave: two kinds of retro-digital nostalgia. Synthwave is a neon sun and a grid
// at night; Vaporwave pastel collage (checkerboards, computer windows, columns). Four layouts each.
import { subject, type Scene } from '../scene.ts'
import { circle, defs, gradient, group, line, op, poly, rect, tag } from '../svg.ts'

type Family = (s: Scene) => string

type Stops = [number, string][]
const SKIES: ((p: Scene['pal']) => Stops)[] = [
  (p) => [
    [0, p.ground],
    [0.45, p.primary],
    [1, p.secondary],
  ],
  (p) => [
    [0, p.ground],
    [1, p.ground],
  ],
  (p) => [
    [0, p.secondary],
    [0.6, p.primary],
    [1, p.primary],
  ],
  (p) => [
    [0, p.primary],
    [1, p.ground],
  ],
]

/** Synthwave: striped neon sun, ridges and a perspective grid on a deep purple night. */
export const synthwave: Family = (s) => {
  const { W, H, rng, pal, reps, energy, bands, glow } = s
  const horizon = H * [0.6, 0.4, 0.72, 0.55][s.variant]
  const out: string[] = [
    defs(
      // four skies: night into magenta, plain night over a glowing floor, a sunset, magenta overhead
      gradient('sky', SKIES[s.variant](pal)) +
        gradient(
          'sun',
          s.variant === 2
            ? [
                [0, pal.ground],
                [1, pal.ground],
              ]
            : [
                [0, pal.secondary],
                [1, pal.primary],
              ],
        ) +
        gradient('floor', [
          [0, pal.primary],
          [1, pal.ground],
        ]),
    ),
    rect(0, 0, W, horizon, 'url(#sky)'),
  ]
  for (let i = 0; i < 30 + reps * 3; i++)
    out.push(circle(rng() * W, rng() * horizon * 0.7, W * 0.002 * (1 + rng()), pal.ink))
  const sr = W * [0.3, 0.16, 0.46, 0.14][s.variant] * (0.9 + 0.2 * energy)
  const sx = W * [0.5, 0.5, 0.32, 0.76][s.variant]
  const sy = s.variant === 3 ? H * 0.2 : horizon - sr * 0.3
  let stripes = ''
  const count = Math.max(3, Math.round(reps / 2))
  for (let i = 0; i < count; i++)
    stripes += rect(
      0,
      sy + (i / count) * sr,
      W,
      (sr / count) * (0.15 + 0.35 * (i / count)),
      s.variant === 2 ? pal.secondary : pal.ground,
    )
  out.push(
    tag('clipPath', { id: 'above' }, rect(0, 0, W, horizon, '#000')),
    group(circle(sx, sy, sr, 'url(#sun)', { 'fill-opacity': op(0.8 + 0.2 * glow) }) + stripes, undefined, {
      'clip-path': 'url(#above)',
    }),
  )
  // ridges from the sections: wireframe in layout 3, solid elsewhere
  const k = bands.length * 2
  const ridge: [number, number][] = [[0, horizon]]
  for (let i = 0; i <= k; i++) {
    const e = bands[Math.floor(i / 2) % bands.length]
    const up = i % 2 ? H * (0.05 + 0.16 * e * (0.6 + 0.8 * rng())) : H * 0.02
    ridge.push([(i / k) * W, horizon - up])
  }
  ridge.push([W, horizon])
  if (s.variant === 3) out.push(line(ridge, pal.accent, W * 0.004))
  else out.push(poly(ridge, pal.ground, { 'fill-opacity': '0.92' }))
  out.push(rect(0, horizon, W, H - horizon, s.variant === 1 ? 'url(#floor)' : pal.ground))
  if (s.variant === 2) {
    // a sea: the sun's reflection in broken magenta lines
    for (let i = 1; i <= reps; i++) {
      const y = horizon + (H - horizon) * (i / (reps + 1))
      const w = sr * (1.6 - i / reps) * (0.6 + 0.4 * rng())
      out.push(rect(sx - w / 2, y, w, H * 0.006, pal.primary, { 'fill-opacity': op(0.9 - i / (reps * 1.5)) }))
    }
  } else {
    const grid = 6 + reps
    for (let i = 0; i <= grid; i++) {
      const x = (i / grid) * W
      out.push(
        line(
          [
            [W / 2 + (x - W / 2) * 0.08, horizon],
            [W / 2 + (x - W / 2) * 3, H],
          ],
          pal.accent,
          W * 0.003,
          { 'stroke-opacity': op(0.5 + energy * 0.5) },
        ),
      )
    }
    for (let i = 1; i <= reps; i++) {
      const y = horizon + (H - horizon) * (i / reps) ** 1.8
      out.push(
        line(
          [
            [0, y],
            [W, y],
          ],
          pal.accent,
          W * 0.003,
          { 'stroke-opacity': op(0.4 + energy * 0.5) },
        ),
      )
    }
  }
  out.push(
    line(
      [
        [0, horizon],
        [W, horizon],
      ],
      pal.accent,
      W * 0.006,
    ),
  )
  if (s.variant === 1) out.push(subject(s, W * 0.5, H * 0.8, H * 0.22, pal.ground))
  else out.push(subject(s, sx, horizon, sr * 0.9, pal.ground))
  return out.join('')
}

/** Vaporwave: pastel haze, checkerboard floors, old computer windows and a classical column. */
export const vaporwave: Family = (s) => {
  // the order that keeps the first variation furthest from the other light styles
  const layout = [3, 2, 0, 1][s.variant]
  const { W, H, rng, pal, reps, energy } = s
  const out: string[] = [
    defs(
      gradient('pale', [
        [0, pal.ground],
        [0.5, pal.ground],
        [1, pal.secondary],
      ]) +
        gradient('dusk', [
          [0, pal.ink],
          [1, pal.accent],
        ]) +
        gradient('haze', [
          [0, pal.accent],
          [1, pal.primary],
        ]) +
        gradient(
          'orb',
          [
            [0, pal.ground],
            [1, pal.accent],
          ],
          'radial',
          { cx: 0.35, cy: 0.3, r: 0.8 },
        ),
    ),
  ]
  const checker = (y0: number, rows: number, cols: number, a: string, b: string) => {
    // a receding floor: rows shrink toward the horizon
    let ys = H
    for (let r = 0; r < rows; r++) {
      const h = ((H - y0) * 2 * (rows - r)) / (rows * (rows + 1))
      for (let c = -cols; c < cols * 2; c++) {
        const w = W / cols
        const spread = (ys - y0) / (H - y0)
        const x0 = W / 2 + (c * w - W / 2) * (0.3 + 0.7 * spread)
        const x1 = W / 2 + ((c + 1) * w - W / 2) * (0.3 + 0.7 * spread)
        if ((r + c) % 2 === 0) out.push(rect(x0, ys - h, x1 - x0 + 0.5, h + 0.5, a))
        else out.push(rect(x0, ys - h, x1 - x0 + 0.5, h + 0.5, b))
      }
      ys -= h
    }
  }
  const window = (x: number, y: number, w: number, h: number, body: string) => {
    out.push(rect(x + W * 0.015, y + W * 0.015, w, h, pal.ink, { 'fill-opacity': '0.25' }))
    out.push(rect(x, y, w, h, body, { stroke: pal.ink, 'stroke-width': W * 0.003 }))
    out.push(rect(x, y, w, H * 0.03, pal.secondary, { stroke: pal.ink, 'stroke-width': W * 0.003 }))
    for (let i = 0; i < 3; i++)
      out.push(rect(x + w - (i + 1) * H * 0.03, y + H * 0.006, H * 0.018, H * 0.018, pal.ground))
  }
  const column = (x: number, base: number, h: number) => {
    const w = h * 0.16
    out.push(
      rect(x - w * 0.7, base - h, w * 1.4, h * 0.05, pal.ground),
      rect(x - w / 2, base - h * 0.95, w, h * 0.9, pal.ground),
    )
    for (let i = 1; i < 4; i++)
      out.push(rect(x - w / 2 + (i * w) / 4, base - h * 0.95, w * 0.04, h * 0.9, pal.secondary))
    out.push(rect(x - w * 0.7, base - h * 0.06, w * 1.4, h * 0.06, pal.ground))
  }
  if (layout === 0) {
    out.push(rect(0, 0, W, H, 'url(#pale)'))
    checker(H * 0.5, 6 + Math.round(energy * 4), 6, pal.primary, pal.ground)
    out.push(circle(W * 0.62, H * 0.28, W * 0.26, 'url(#orb)'))
    column(W * 0.2, H * 0.7, H * 0.45)
    out.push(subject(s, W * 0.62, H * 0.82, H * 0.16, pal.ink))
  } else if (layout === 1) {
    out.push(rect(0, 0, W, H, pal.primary))
    for (let i = 0; i <= reps; i++)
      out.push(
        line(
          [
            [(i / reps) * W, 0],
            [(i / reps) * W, H],
          ],
          pal.ground,
          W * 0.002,
        ),
      )
    // two small windows leave the cyan showing: it is what tells this layout from the pastel ones
    for (let i = 0; i < 2; i++)
      window(W * (0.05 + 0.45 * rng()), H * (0.08 + i * 0.22), W * 0.42, H * 0.14, 'url(#dusk)')
    window(W * 0.12, H * 0.52, W * 0.76, H * 0.4, 'url(#haze)')
    out.push(subject(s, W * 0.5, H * 0.88, H * 0.26, pal.ink))
  } else if (layout === 2) {
    const sq = W / (4 + Math.round(energy * 3))
    for (let y = 0; y < H; y += sq)
      for (let x = 0; x < W; x += sq)
        out.push(rect(x, y, sq + 0.5, sq + 0.5, (x / sq + y / sq) % 2 < 1 ? pal.accent : pal.ink))
    column(W * 0.78, H * 0.95, H * 0.7)
    window(W * 0.08, H * 0.25, W * 0.58, H * 0.45, 'url(#haze)')
    out.push(subject(s, W * 0.37, H * 0.66, H * 0.3, pal.ink))
  } else {
    // vaporwave after dark: the ink's deep purple fading into pink
    out.push(rect(0, 0, W, H, 'url(#dusk)'))
    const bands = 5 + reps
    for (let i = 0; i < bands; i++) {
      const y = rng() * H
      out.push(
        rect(
          rng() * W * 0.3,
          y,
          W * (0.4 + 0.6 * rng()),
          H * 0.01 * (1 + 3 * rng()),
          i % 2 ? pal.primary : pal.secondary,
        ),
      )
    }
    out.push(circle(W * 0.5, H * 0.4, W * 0.36, pal.accent, { 'fill-opacity': '0.9' }))
    column(W * 0.5, H * 0.85, H * 0.5)
    out.push(subject(s, W * 0.5, H * 0.98, H * 0.14, pal.ink))
  }
  return out.join('')
}
