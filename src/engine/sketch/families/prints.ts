// Ukiyo-e, Linocut and Risograph: three printmaking families. Ukiyo-e is flat Prussian blue on paper
// (great waves, Fuji, moon and blossom); Linocut heavy black ink with carved white gouges and one
// second ink; Risograph fluorescent halftones, overprinted and misregistered. Four layouts each.
import { subject, type Scene } from '../scene.ts'
import { circle, defs, gradient, group, line, n, path, poly, rect } from '../svg.ts'

type Family = (s: Scene) => string

/** A wave line's points: base height, amplitude, frequency (waves across W), phase. */
function swell(W: number, y: number, amp: number, freq: number, phase: number): [number, number][] {
  const pts: [number, number][] = []
  for (let i = 0; i <= 60; i++) {
    const x = (i / 60) * W
    pts.push([x, y + Math.sin((x / W) * Math.PI * 2 * freq + phase) * amp])
  }
  return pts
}

/** Ukiyo-e woodblock: a great wave, Fuji in mist, seigaiha waves under a red sun, or moon and blossom. */
export const ukiyoe: Family = (s) => {
  const { W, H, rng, pal, reps, energy, bands } = s
  const blue = pal.primary
  const out: string[] = []
  let motif: string
  if (s.variant === 0) {
    out.push(
      poly(
        [
          [W * 0.55, H * 0.62],
          [W * 0.72, H * 0.48],
          [W * 0.9, H * 0.62],
        ],
        pal.secondary,
      ),
    )
    out.push(
      poly(
        [
          [W * 0.68, H * 0.51],
          [W * 0.72, H * 0.48],
          [W * 0.76, H * 0.51],
        ],
        pal.ground,
      ),
    )
    // the wave: a rising wall that curls over, claws of foam at its lip
    const lip = H * (0.22 - 0.08 * energy)
    const d =
      `M0 ${n(H)}L0 ${n(H * 0.45)}C${n(W * 0.1)} ${n(H * 0.25)} ${n(W * 0.35)} ${n(lip)} ` +
      `${n(W * 0.55)} ${n(lip + H * 0.04)}` +
      `C${n(W * 0.7)} ${n(lip + H * 0.08)} ${n(W * 0.66)} ${n(lip + H * 0.2)} ${n(W * 0.56)} ${n(lip + H * 0.16)}` +
      `C${n(W * 0.5)} ${n(H * 0.55)} ${n(W * 0.8)} ${n(H * 0.7)} ${n(W)} ${n(H * 0.7)}L${n(W)} ${n(H)}Z`
    out.push(path(d, blue, { stroke: pal.ink, 'stroke-width': W * 0.004 }))
    for (let i = 0; i < 10 + reps; i++) {
      const t = rng()
      out.push(circle(W * (0.3 + 0.35 * t), lip + H * (0.02 + 0.12 * rng()), W * (0.008 + 0.012 * rng()), pal.ground))
    }
    for (let i = 0; i < 4; i++)
      out.push(line(swell(W, H * (0.78 + i * 0.05), H * 0.01, 3 + i, rng() * 6), pal.ground, W * 0.004))
    motif = subject(s, W * 0.7, H * 0.92, H * 0.16, pal.ink)
  } else if (s.variant === 1) {
    out.push(circle(W * (0.25 + rng() * 0.5), H * 0.18, W * 0.1, pal.accent))
    out.push(
      poly(
        [
          [-W * 0.1, H * 0.75],
          [W * 0.5, H * 0.22],
          [W * 1.1, H * 0.75],
        ],
        blue,
      ),
    )
    out.push(
      path(
        // the snow cap, with a jagged lower edge
        `M${n(W * 0.38)} ${n(H * 0.33)}L${n(W * 0.5)} ${n(H * 0.22)}L${n(W * 0.62)} ${n(H * 0.33)}` +
          `l-${n(W * 0.06)} ${n(H * 0.03)}l-${n(W * 0.06)} -${n(H * 0.025)}l-${n(W * 0.06)} ${n(H * 0.03)}Z`,
        pal.ground,
      ),
    )
    for (let i = 0; i < 3; i++)
      out.push(rect(0, H * (0.5 + i * 0.08), W, H * 0.035, pal.ground, { 'fill-opacity': '0.85' }))
    out.push(rect(0, H * 0.75, W, H * 0.25, pal.secondary))
    motif = subject(s, W * 0.3, H * 0.9, H * 0.2, pal.ink)
  } else if (s.variant === 2) {
    // a red sky, as in the red Fuji prints, with a paper sun
    out.push(rect(0, 0, W, H * 0.45, pal.accent), circle(W * 0.5, H * 0.25, W * 0.22, pal.ground))
    const r = W / (5 + Math.round(reps / 3))
    for (let row = 0; H * 0.4 + row * r * 0.5 < H + r; row++) {
      const y = H * 0.4 + row * r * 0.5
      for (let x = row % 2 ? r / 2 : 0; x < W + r; x += r)
        for (let k = 4; k >= 1; k--) out.push(circle(x, y, (r / 2) * 1.05 * (k / 4), k % 2 ? blue : pal.ground))
    }
    motif = subject(s, W * 0.5, H * 0.45, H * 0.16, pal.ink)
  } else {
    out.push(
      defs(
        gradient('dusk', [
          [0, pal.secondary],
          [1, pal.ground],
        ]),
      ),
      rect(0, 0, W, H * 0.7, 'url(#dusk)'),
    )
    out.push(circle(W * 0.68, H * 0.24, W * 0.2, pal.ground))
    const branch: [number, number][] = [[0, H * 0.12]]
    for (let i = 1; i <= 5; i++) branch.push([W * 0.16 * i, H * (0.12 + 0.05 * Math.sin(i * 1.3)) + i * H * 0.02])
    out.push(line(branch, pal.ink, W * 0.02))
    for (let i = 0; i < 8 + reps; i++) {
      const [bx, by] = branch[1 + Math.floor(rng() * 5)]
      out.push(circle(bx + (rng() - 0.5) * W * 0.12, by + (rng() - 0.5) * H * 0.06, W * 0.018, pal.accent))
    }
    for (let i = 0; i < bands.length; i++)
      out.push(poly([...swell(W, H * (0.7 + i * 0.06), H * 0.012, 2, i), [W, H], [0, H]], i % 2 ? blue : pal.secondary))
    motif = subject(s, W * 0.35, H * 0.7, H * 0.2, pal.ink)
  }
  out.push(rect(W * 0.86, H * 0.04, W * 0.07, W * 0.07, pal.accent))
  return out.join('') + motif
}

/** Linocut: black ink carved with white gouges, a second ink, a rough frame. */
export const linocut: Family = (s) => {
  const { W, H, rng, pal, reps, energy } = s
  const ink = pal.primary
  const paper = pal.ground
  const out: string[] = []
  const gouges = (x0: number, y0: number, w: number, h: number, count: number, colour: string) => {
    let d = ''
    for (let i = 0; i < count; i++) {
      const x = x0 + rng() * w
      const y = y0 + rng() * h
      const len = W * (0.02 + 0.03 * rng())
      d += `M${n(x)} ${n(y)}l${n(len)} ${n(len * (rng() - 0.5) * 0.3)}`
    }
    out.push(path(d, 'none', { stroke: colour, 'stroke-width': W * 0.006, 'stroke-linecap': 'round' }))
  }
  const hills = (top: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const y = top + ((H - top) * i) / count
      const pts = swell(W, y, H * 0.03, 0.5 + rng(), rng() * 6)
      out.push(poly([...pts, [W, H], [0, H]], i % 2 ? pal.secondary : ink))
      for (let k = 1; k <= 3; k++)
        out.push(
          line(
            pts.map(([x, yy]) => [x, yy + k * H * 0.018]),
            paper,
            W * 0.004,
          ),
        )
    }
  }
  let motif: string
  if (s.variant === 0) {
    out.push(rect(0, 0, W, H * 0.62, ink))
    const sx = W * (0.3 + rng() * 0.4)
    for (let i = 0; i < 12 + reps; i++) {
      const a = (i / (12 + reps)) * Math.PI * 2
      out.push(
        line(
          [
            [sx + Math.cos(a) * W * 0.2, H * 0.3 + Math.sin(a) * W * 0.2],
            [sx + Math.cos(a) * W, H * 0.3 + Math.sin(a) * W],
          ],
          paper,
          W * 0.006,
        ),
      )
    }
    out.push(circle(sx, H * 0.3, W * 0.16, pal.secondary))
    hills(H * 0.6, 3)
    motif = subject(s, W * 0.5, H * 0.62, H * 0.18, ink)
  } else if (s.variant === 1) {
    out.push(rect(0, H * 0.7, W, H * 0.3, pal.secondary))
    gouges(0, 0, W, H * 0.7, 40 + reps * 4, ink)
    motif = subject(s, W * 0.5, H * 0.78, H * 0.5, ink) || circle(W / 2, H * 0.45, W * 0.3, ink)
  } else if (s.variant === 2) {
    out.push(circle(W * (0.25 + rng() * 0.5), H * 0.2, W * 0.14, pal.secondary))
    hills(H * 0.32, 4 + Math.round(energy * 2))
    motif = subject(s, W * 0.65, H * 0.38, H * 0.16, ink)
  } else {
    out.push(rect(0, 0, W, H, ink))
    // a sun that nearly fills the block: the one layout whose art is mostly colour, not black or paper
    out.push(circle(W * 0.5, H * 0.4, W * 0.46, pal.secondary))
    gouges(0, 0, W, H, 60 + reps * 5, paper)
    motif = subject(s, W * 0.5, H * 0.7, H * 0.4, paper)
  }
  const m = W * 0.03
  out.push(rect(m, m, W - 2 * m, H - 2 * m, 'none', { stroke: ink, 'stroke-width': W * 0.02 }))
  return out.join('') + motif
}

/** Halftone dots of one ink: radius follows `amount(x, y)` 0..1; one path, so big sizes stay cheap. */
function halftone(
  W: number,
  H: number,
  step: number,
  colour: string,
  amount: (x: number, y: number) => number,
): string {
  let d = ''
  for (let y = step / 2; y < H; y += step)
    for (let x = step / 2; x < W; x += step) {
      const r = step * 0.55 * Math.min(1, Math.max(0, amount(x, y)))
      if (r > step * 0.06)
        d += `M${n(x - r)} ${n(y)}a${n(r)} ${n(r)} 0 1 0 ${n(2 * r)} 0a${n(r)} ${n(r)} 0 1 0 ${n(-2 * r)} 0`
    }
  return path(d, colour, { 'fill-opacity': '0.9' })
}

/** Risograph: fluorescent inks in halftone, overprinted and slightly misregistered. */
export const risograph: Family = (s) => {
  const { W, H, rng, pal, reps, energy } = s
  const step = W / (22 + Math.round(energy * 16))
  const off = W * 0.012
  const out: string[] = []
  // the solid blue print first: it is the one that tells risograph from the other paper styles
  const layout = [2, 1, 0, 3][s.variant]
  const near = (px: number, py: number, R: number) => (x: number, y: number) => 1.2 - Math.hypot(x - px, y - py) / R
  const printed = (motif: string) => (motif ? group(motif, `translate(${n(off)} ${n(off)})`, { opacity: '0.8' }) : '')
  if (layout === 0) {
    // a wide blue screen high on open paper, a small pink one below: far from the pink and yellow prints
    out.push(halftone(W, H, step, pal.secondary, near(W * 0.45, H * 0.28, W * 0.6)))
    out.push(halftone(W, H, step, pal.primary, near(W * 0.75, H * 0.78, W * 0.3)))
    out.push(printed(subject(s, W * 0.5, H * 0.8, H * 0.3, pal.primary)))
    out.push(subject(s, W * 0.5, H * 0.8, H * 0.3, pal.secondary))
  } else if (layout === 1) {
    const t = `rotate(-6 ${n(W / 2)} ${n(H / 2)})`
    out.push(group(rect(-W * 0.1, H * 0.06, W * 1.1, H * 0.6, pal.primary), t))
    out.push(rect(W * 0.3, H * 0.58, W * 0.6, H * 0.34, pal.accent, { 'fill-opacity': '0.8' }))
    const rows = (_x: number, y: number) =>
      y > H * 0.55 ? Math.sin((y / H) * Math.PI * (2 + reps / 4)) * 0.6 + 0.4 : 0
    out.push(halftone(W, H, step, pal.secondary, rows))
    out.push(subject(s, W * 0.5, H * 0.62, H * 0.25, pal.secondary))
  } else if (layout === 2) {
    out.push(rect(0, 0, W, H, pal.secondary, { 'fill-opacity': '0.9' }))
    const stripes = (x: number, y: number) => 0.5 + 0.5 * Math.sin(((x + y) / W) * Math.PI * (2 + reps / 5))
    out.push(halftone(W, H, step, pal.primary, stripes))
    const m = subject(s, W * 0.5, H * 0.85, H * 0.5, pal.accent)
    out.push(m || circle(W * 0.5, H * 0.5, W * 0.3, pal.accent))
  } else {
    // a yellow print with paper cut-outs
    out.push(rect(0, 0, W, H, pal.accent, { 'fill-opacity': '0.9' }))
    // few cut-outs, so the yellow reads as a solid field next to the paper-and-dots layout
    const cw = W / 3
    for (let r = 0; r < Math.ceil(H / cw); r++)
      for (let c = 0; c < 3; c++) {
        if ((r + c) % 3) continue
        if (rng() < 0.5) out.push(circle(c * cw + cw / 2, r * cw + cw / 2, cw * 0.42, pal.ground))
        else out.push(rect(c * cw + cw * 0.1, r * cw + cw * 0.1, cw * 0.8, cw * 0.8, pal.ground))
      }
    out.push(halftone(W, H, step, pal.secondary, near(W, 0, W * 0.9)))
    out.push(printed(subject(s, W * 0.4, H * 0.95, H * 0.3, pal.ink)))
  }
  return out.join('')
}
