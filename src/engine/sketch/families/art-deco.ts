// Art Deco: gold fans, stepped towers, arches and chevrons on black, framed by fine gold lines.
// Four layouts; the variation picks one.
import { subject, type Scene } from '../scene.ts'
import { circle, n, op, poly, rect, tag } from '../svg.ts'

type Family = (s: Scene) => string

/** Art Deco: gold fans, stepped towers and arches on black, framed by fine gold lines. */
export const artDeco: Family = (s) => {
  const { W, H, rng, pal, reps, energy, glow } = s
  const gold = pal.primary
  const cream = pal.secondary
  const out: string[] = []
  const fan = (cx: number, cy: number, R: number, from: number, to: number, rays: number, width = 0.5) => {
    for (let i = 0; i < rays; i++) {
      const a0 = from + ((to - from) * i) / rays
      const a1 = from + ((to - from) * (i + width)) / rays
      const pts: [number, number][] = [
        [cx, cy],
        [cx + Math.cos(a0) * R, cy + Math.sin(a0) * R],
        [cx + Math.cos(a1) * R, cy + Math.sin(a1) * R],
      ]
      out.push(poly(pts, i % 2 ? gold : cream, { 'fill-opacity': op(0.7 + 0.3 * energy) }))
    }
  }
  const arches = (cx: number, base: number, r0: number, count: number) => {
    for (let i = count; i >= 1; i--) {
      const r = (r0 * i) / count
      const c = [gold, pal.ground, cream, pal.accent][i % 4]
      out.push(tag('path', { d: `M${n(cx - r)} ${n(base)}A${n(r)} ${n(r)} 0 0 1 ${n(cx + r)} ${n(base)}Z`, fill: c }))
    }
  }
  let motif = ''
  if (s.variant === 0) {
    // the sunburst rises from just above the title, which sits on the lower part of this layout
    // wide rays: the sky is mostly gold, which keeps this first layout apart from the night styles
    fan(W / 2, H * 0.62, H * 1.2, Math.PI, Math.PI * 2, reps * 2, 0.85)
    arches(W / 2, H * 0.62, W * 0.42, 6)
    motif = subject(s, W / 2, H * 0.62, W * 0.3, pal.ground)
  } else if (s.variant === 1) {
    out.push(rect(0, 0, W, H, cream))
    fan(W / 2, H * 0.3, H, 0, Math.PI * 2, reps * 3)
    const steps = 5
    for (let i = 0; i < steps; i++) {
      const w = W * (0.52 - i * 0.09)
      const top = H * (0.42 - i * 0.07)
      out.push(
        rect(W / 2 - w / 2, top, w, H - top, i % 2 ? gold : pal.ground, { stroke: gold, 'stroke-width': W * 0.004 }),
      )
    }
    for (let i = 0; i < 7; i++)
      out.push(rect(W * (0.3 + i * 0.066), H * 0.5, W * 0.008, H * 0.5, cream, { 'fill-opacity': '0.6' }))
  } else if (s.variant === 2) {
    // a gold sky with a cream moon: the one layout whose upper half is metal, not black
    out.push(rect(0, 0, W, H * 0.55, gold), rect(0, H * 0.55, W, H * 0.45, pal.accent))
    arches(W * 0.5, H * 1.02, W * 0.95, 8 + Math.round(energy * 4))
    out.push(
      circle(W * (0.5 + (rng() - 0.5) * 0.3), H * 0.2, W * 0.12, cream, { 'fill-opacity': op(0.7 + 0.3 * glow) }),
    )
    motif = subject(s, W * 0.5, H * 0.55, H * 0.2, gold)
  } else {
    const rows = 6 + Math.round(reps / 2)
    for (let r = 0; r < rows; r++) {
      const y = (r / rows) * H
      const h = H / rows
      const pts: [number, number][] = [[0, y + h]]
      for (let x = 0; x <= 6; x++) pts.push([(x / 6) * W, y + (x % 2 ? 0 : h * 0.6)])
      pts.push([W, y + h])
      out.push(poly(pts, r % 2 ? gold : pal.accent, { 'fill-opacity': '0.9' }))
    }
    out.push(circle(W / 2, H * 0.45, W * 0.33, pal.ground, { stroke: gold, 'stroke-width': W * 0.02 }))
    motif = subject(s, W / 2, H * 0.45 + W * 0.2, W * 0.36, cream)
  }
  for (let i = 0; i < 3; i++) {
    const m = W * (0.04 + i * 0.018)
    out.push(rect(m, m, W - 2 * m, H - 2 * m, 'none', { stroke: gold, 'stroke-width': W * (i ? 0.002 : 0.006) }))
  }
  return out.join('') + motif
}
