// Watercolour, Psychedelic and Film noir. Watercolour is soft washes on white paper (gradients, not
// blur filters, so poster sizes stay fast); Psychedelic rings, spirals, melting stripes and petals;
// Film noir hard light in a dark room, a street lamp, a city at night or a lit doorway.
import { drawMotif } from '../motifs.ts'
import { subject, type Scene } from '../scene.ts'
import { circle, defs, ellipse, gradient, group, n, op, path, poly, rect } from '../svg.ts'

type Family = (s: Scene) => string

/** Watercolour: washes and blooms of pigment, with the subject painted in the darkest one. */
export const watercolour: Family = (s) => {
  // the order that keeps the first variation furthest from the other light styles
  const layout = [2, 1, 0, 3][s.variant]
  const { W, H, rng, pal, reps, energy, bands } = s
  const colours = [pal.primary, pal.secondary, pal.accent]
  const a = 0.7 + 0.3 * energy
  let g = ''
  colours.forEach((c, i) => {
    g += gradient(
      `w${i}`,
      [
        [0, c, a],
        [0.6, c, a * 0.7],
        [1, c, 0],
      ],
      'radial',
    )
    g += gradient(`v${i}`, [
      [0, c, a],
      [1, c, 0],
    ])
  })
  // the side wash is the third pigment, so it never repeats the sky layout's colour
  const h0: [number, string, number][] = [
    [0, pal.accent, a],
    [0.7, pal.accent, a * 0.8],
    [1, pal.accent, 0],
  ]
  const night: [number, string, number][] = [
    [0, pal.ink, 0.55],
    [1, pal.ink, 0.1],
  ]
  const out: string[] = [
    defs(g + gradient('h0', h0, 'linear', { x1: 0, y1: 0, x2: 1, y2: 0 }) + gradient('night', night)),
  ]
  const bloom = (cx: number, cy: number, rx: number, ry: number, i: number) =>
    ellipse(cx, cy, rx, ry, `url(#w${i % 3})`)
  const hills = (top: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const y = top + i * H * 0.07
      const pts: [number, number][] = []
      for (let k = 0; k <= 20; k++) {
        const e = bands[(i + k) % bands.length]
        pts.push([(k / 20) * W, y - Math.sin(k * 0.5 + i * 2 + rng()) * H * 0.03 * (1 + e)])
      }
      out.push(poly([...pts, [W, H], [0, H]], `url(#v${(i + 1) % 3})`))
    }
  }
  // each layout puts the pigment somewhere else: sky, lake, a night wash round a moon, side bands
  let motif: string
  if (layout === 0) {
    // a sky washed three times, deep down to the hills: the paper only shows near the bottom
    out.push(rect(0, 0, W, H * 0.9, 'url(#v0)'), rect(0, 0, W, H * 0.7, 'url(#v0)'), rect(0, 0, W, H * 0.5, 'url(#v0)'))
    hills(H * 0.88, 1)
    motif = subject(s, W * (0.35 + rng() * 0.3), H * 0.84, H * 0.24, pal.primary)
  } else if (layout === 1) {
    hills(H * 0.38, 3 + Math.round(energy * 2))
    const count = 3 + Math.round(reps / 4)
    for (let i = 0; i < count; i++) {
      const rx = W * (0.1 + 0.12 * rng())
      out.push(bloom(rng() * W, H * (0.6 + 0.35 * rng()), rx, rx * 0.6, i))
    }
    motif = subject(s, W * 0.5, H * 0.42, H * 0.22, pal.primary)
  } else if (layout === 2) {
    // the night wash: pigment darkened with a glaze of the ink, so the moon is the lightest thing
    out.push(rect(0, 0, W, H, 'url(#v1)'), rect(0, 0, W, H, 'url(#v1)'), rect(0, 0, W, H * 0.8, 'url(#night)'))
    out.push(circle(W * (0.3 + rng() * 0.4), H * 0.3, W * 0.2, pal.ground))
    for (let i = 0; i < reps; i++) out.push(bloom(rng() * W, H * (0.7 + 0.3 * rng()), W * 0.15, W * 0.1, 0))
    motif = subject(s, W * 0.5, H * 0.75, H * 0.3, pal.primary)
  } else {
    // a wash pulled across from the left edge, and one thin band of the second pigment
    out.push(rect(0, 0, W * 0.62, H, 'url(#h0)'), rect(0, 0, W * 0.62, H, 'url(#h0)'))
    out.push(rect(W * (0.7 + 0.1 * energy), 0, W * 0.08, H, 'url(#v1)'))
    motif = subject(s, W * 0.62, H * 0.62, H * 0.3, pal.primary)
  }
  for (let i = 0; i < Math.round(reps / 2); i++) {
    const x = rng() * W
    const y = rng() * H
    out.push(
      path(`M${n(x)} ${n(y)}q${n(W * 0.1)} ${n(-H * 0.04)} ${n(W * 0.2)} 0`, 'none', {
        stroke: pal.ink,
        'stroke-opacity': '0.3',
        'stroke-width': W * 0.003,
      }),
    )
  }
  return out.join('') + motif
}

/** 1960s psychedelic: warped rings, spiral arms, melting stripes or kaleidoscope petals. */
export const psychedelic: Family = (s) => {
  const { W, H, rng, pal, reps, energy, tilt } = s
  const colours = [pal.primary, pal.accent, pal.secondary, pal.ground]
  const cx = W * (0.42 + rng() * 0.16)
  const cy = H * (0.38 + rng() * 0.12)
  const out: string[] = []
  let motif = ''
  if (s.variant === 0) {
    const rings = Math.round(reps * 1.4)
    const maxR = Math.hypot(W, H) * 0.62
    const lobes = 3 + Math.floor(rng() * 5)
    for (let i = rings; i >= 1; i--) {
      const r0 = (i / rings) * maxR
      const pts: [number, number][] = []
      for (let k = 0; k < 96; k++) {
        const th = (k / 96) * Math.PI * 2
        const r = r0 * (1 + (0.08 + 0.14 * energy) * Math.sin(lobes * th + i * 0.35 + (tilt * Math.PI) / 180))
        pts.push([cx + Math.cos(th) * r, cy + Math.sin(th) * r])
      }
      out.push(poly(pts, colours[i % 4]))
    }
    motif = subject(s, cx, cy + H * 0.08, H * 0.18, pal.ink)
  } else if (s.variant === 1) {
    out.push(rect(0, 0, W, H, pal.secondary))
    const arms = 4 + Math.round(reps / 4)
    for (let a = 0; a < arms; a++) {
      const pts: [number, number][] = []
      const back: [number, number][] = []
      for (let k = 0; k <= 60; k++) {
        const t = k / 60
        const th = (a / arms) * Math.PI * 2 + t * Math.PI * 3
        const r = t * H * 0.9
        const w = (Math.PI / arms) * (0.5 + 0.2 * energy)
        pts.push([cx + Math.cos(th) * r, cy + Math.sin(th) * r])
        back.unshift([cx + Math.cos(th + w) * r, cy + Math.sin(th + w) * r])
      }
      out.push(poly([...pts, ...back], a % 2 ? pal.primary : pal.accent))
    }
  } else if (s.variant === 2) {
    const stripes = 5 + Math.round(reps / 2)
    for (let i = stripes; i >= 0; i--) {
      const x0 = (i / stripes) * W
      const pts: [number, number][] = [[-W * 0.2, 0]]
      for (let k = 0; k <= 30; k++) {
        const y = (k / 30) * H
        pts.push([x0 + Math.sin((y / H) * Math.PI * (2 + energy * 3) + i * 0.7) * W * 0.07, y])
      }
      pts.push([-W * 0.2, H])
      out.push(poly(pts, colours[i % 3]))
    }
    motif = subject(s, W * 0.5, H * 0.8, H * 0.3, pal.ground)
  } else {
    out.push(rect(0, 0, W, H, pal.accent))
    const petals = 6 + Math.round(reps / 2)
    for (let layer = 3; layer >= 1; layer--) {
      const R = W * 0.2 * layer
      let g = ''
      for (let i = 0; i < petals; i++) {
        const deg = (i * 360) / petals + layer * 15 + tilt
        g += group(
          ellipse(cx, cy - R * 0.55, R * 0.22, R * 0.55, colours[(layer + i) % 3]),
          `rotate(${n(deg)} ${n(cx)} ${n(cy)})`,
        )
      }
      out.push(g)
    }
    out.push(circle(cx, cy, W * 0.12, pal.ground))
    motif = subject(s, cx, cy + W * 0.08, W * 0.16, pal.ink)
  }
  return out.join('') + motif
}

/** Film noir: hard light and deep shadow; the subject (or a lone figure) in silhouette. */
export const filmNoir: Family = (s) => {
  const { W, H, rng, pal, reps, energy, tilt, glow } = s
  const black = '#050505'
  const light = op(0.45 + 0.25 * glow + 0.2 * energy)
  const out: string[] = [
    defs(
      gradient('wall', [
        [0, pal.primary, 0.35],
        [1, pal.ground, 0],
      ]) +
        gradient(
          'fog',
          [
            [0, pal.primary, 0.9],
            [1, pal.primary, 0],
          ],
          'radial',
        ) +
        gradient('cone', [
          [0, pal.accent, 0.85],
          [1, pal.accent, 0.05],
        ]),
    ),
  ]
  const who = (x: number, base: number, size: number, fill = black) =>
    subject(s, x, base, size, fill) || drawMotif('figure', x, base, size, fill, rng)
  if (s.variant === 0) {
    out.push(rect(0, 0, W, H, 'url(#wall)'))
    const slats = Math.max(4, reps)
    const sx = W * (rng() < 0.5 ? -0.2 : 1.2)
    const far = W * 0.5 + (sx < 0 ? 1 : -1) * W * 0.6
    for (let i = 0; i < slats; i++) {
      const y0 = H * (0.15 + (i / slats) * 0.8)
      const y1 = y0 + ((H * 0.8) / slats) * (0.35 + 0.3 * energy)
      out.push(
        poly(
          [
            [sx, -H * 0.1],
            [far, y0],
            [far, y1],
          ],
          pal.ink,
          { 'fill-opacity': light },
        ),
      )
    }
    const fx = W * (0.3 + rng() * 0.4)
    out.push(group(who(fx, H * 0.72, H * 0.4), `rotate(${n(tilt * 0.2)} ${n(fx)} ${n(H * 0.72)})`))
  } else if (s.variant === 1) {
    const lx = W * (0.3 + rng() * 0.3)
    out.push(ellipse(lx, H * 0.25, W * 0.9, H * 0.45, 'url(#fog)'))
    out.push(rect(0, H * 0.8, W, H * 0.2, pal.primary, { 'fill-opacity': '0.35' }))
    out.push(
      poly(
        [
          [lx - W * 0.03, H * 0.2],
          [lx + W * 0.03, H * 0.2],
          [lx + W * 0.4, H * 0.85],
          [lx - W * 0.4, H * 0.85],
        ],
        'url(#cone)',
      ),
    )
    out.push(
      rect(lx - W * 0.012, H * 0.18, W * 0.024, H * 0.67, black),
      rect(lx - W * 0.05, H * 0.16, W * 0.1, H * 0.03, black),
    )
    out.push(circle(lx, H * 0.205, W * 0.025, pal.accent))
    for (let i = 0; i < reps; i++)
      out.push(
        rect(lx - W * 0.2 * rng(), H * (0.86 + 0.12 * rng()), W * 0.25 * rng(), H * 0.004, pal.accent, {
          'fill-opacity': light,
        }),
      )
    out.push(who(lx + W * 0.16, H * 0.85, H * 0.3))
  } else if (s.variant === 2) {
    // the night sky over a city glows grey, behind black towers
    out.push(rect(0, 0, W, H, pal.primary, { 'fill-opacity': '0.7' }), rect(0, 0, W, H, 'url(#wall)'))
    for (let i = 0; i < 3; i++) {
      const a = -0.5 + i * 0.45 + (rng() - 0.5) * 0.2
      out.push(
        poly(
          [
            [W * 0.5, H],
            [W * 0.5 + Math.sin(a) * H - W * 0.04, 0],
            [W * 0.5 + Math.sin(a) * H + W * 0.04, 0],
          ],
          pal.secondary,
          { 'fill-opacity': light },
        ),
      )
    }
    let x = 0
    while (x < W) {
      const bw = W * (0.12 + 0.12 * rng())
      const top = H * (0.25 + 0.35 * rng())
      out.push(rect(x, top, bw + 1, H - top, black))
      for (let wy = top + H * 0.03; wy < H * 0.95; wy += H * 0.04)
        for (let wx = x + bw * 0.15; wx < x + bw * 0.85; wx += bw * 0.25)
          if (rng() < 0.25 + 0.3 * energy)
            out.push(rect(wx, wy, bw * 0.12, H * 0.018, pal.accent, { 'fill-opacity': '0.8' }))
      x += bw
    }
    out.push(who(W * 0.5, H * 0.25, H * 0.14, pal.secondary))
  } else {
    const dx = W * (0.35 + rng() * 0.3)
    out.push(rect(0, 0, W, H * 0.7, 'url(#wall)'))
    out.push(rect(dx - W * 0.17, H * 0.12, W * 0.34, H * 0.56, pal.accent, { 'fill-opacity': op(0.7 + 0.3 * glow) }))
    out.push(
      poly(
        [
          [dx - W * 0.13, H * 0.68],
          [dx + W * 0.13, H * 0.68],
          [dx + W * 0.6, H],
          [dx - W * 0.6, H],
        ],
        pal.secondary,
        { 'fill-opacity': light },
      ),
    )
    out.push(who(dx, H * 0.68, H * 0.3))
    out.push(
      group(who(dx, H * 0.68, H * 0.3), `translate(0 ${n(H * 0.68)}) scale(1 -0.9) translate(0 ${n(-H * 0.68)})`, {
        opacity: '0.6',
      }),
    )
  }
  return out.join('')
}
