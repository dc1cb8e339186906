// Swiss, Bauhaus and Constructivist compositions: flat geometry. Swiss is one bold colour, bars and a
// grid; Bauhaus a balance of circles, squares and triangles in primaries; Constructivist red wedges,
// black diagonals and a figure. Each has four layouts; the variation picks one.
import { subject, type Scene } from '../scene.ts'
import { circle, group, op, poly, rect, tag } from '../svg.ts'

type Family = (s: Scene) => string

const ring = (cx: number, cy: number, r: number, stroke: string, w: number, o = 1) =>
  circle(cx, cy, r, 'none', { stroke, 'stroke-width': w, 'stroke-opacity': op(o) })

/** Swiss International: one colour, black bars, rings and a dot grid. */
export const swiss: Family = (s) => {
  const { W, H, rng, pal, reps, energy, tilt, bands } = s
  const out: string[] = []
  const bars = (x0: number, y0: number, h: number, fill: string) => {
    const gap = h / reps
    for (let i = 0; i < reps; i++) {
      const w = W * (0.2 + 0.6 * bands[i % bands.length])
      out.push(rect(x0, y0 + i * gap, w, gap * (0.25 + 0.45 * energy), i % 4 === 3 ? pal.accent : fill))
    }
  }
  if (s.variant === 0) {
    const r = W * (0.3 + 0.1 * energy)
    const cx = W * (0.58 + rng() * 0.1)
    const cy = H * (0.3 + rng() * 0.08)
    out.push(circle(cx, cy, r, pal.primary))
    for (let i = 1; i <= Math.min(reps, 8); i++) out.push(ring(cx, cy, r + i * W * 0.02, pal.primary, W * 0.004))
    bars(W * 0.06, H * 0.62, H * 0.34, pal.secondary)
  } else if (s.variant === 1) {
    out.push(rect(0, 0, W, H * 0.6, pal.primary))
    out.push(circle(W * (0.3 + rng() * 0.1), H * 0.6, W * 0.26, pal.ground))
    out.push(rect(W * 0.62, H * 0.12, W * 0.06, H * 0.84, pal.secondary))
    bars(W * 0.06, H * 0.7, H * 0.26, pal.secondary)
  } else if (s.variant === 2) {
    const t = `rotate(${(tilt - 24).toFixed(1)} ${W / 2} ${H / 2})`
    out.push(group(rect(-W * 0.2, H * 0.18, W * 1.4, H * 0.34, pal.secondary), t))
    out.push(circle(W * 0.72, H * (0.66 + rng() * 0.08), W * 0.2, pal.primary))
    bars(W * 0.06, H * 0.06, H * 0.16, pal.primary)
  } else {
    out.push(rect(0, 0, W, H, pal.primary))
    const cx = W * (0.1 + rng() * 0.15)
    const cy = H * 0.85
    for (let i = 1; i <= reps; i++) out.push(ring(cx, cy, (i / reps) * H * 0.8, pal.ground, W * (0.01 + 0.02 * energy)))
    out.push(circle(W * 0.75, H * 0.22, W * 0.09, pal.secondary))
  }
  const step = W / (8 + Math.round(energy * 10))
  let dots = ''
  for (let x = step / 2; x < W; x += step)
    for (let y = step / 2; y < H * 0.5; y += step) dots += `M${x.toFixed(1)} ${y.toFixed(1)}h0.1`
  out.push(tag('path', { d: dots, stroke: pal.ink, 'stroke-width': step * 0.12, 'stroke-linecap': 'round' }))
  return out.join('')
}

/** Bauhaus: circles, squares and triangles in red, blue and yellow, balanced on a grid. */
export const bauhaus: Family = (s) => {
  const { W, H, rng, pal, reps, energy, tilt } = s
  const colours = [pal.primary, pal.secondary, pal.accent, pal.ink]
  const pickc = (not?: string, from = colours) => {
    const c = from.filter((x) => x !== not)
    return c[Math.floor(rng() * c.length)]
  }
  // tiles sit on black or bare paper as often as on colour: it keeps the grid apart from the colour fields
  const grounds = [pal.ink, pal.ground, pal.ink, pal.primary, pal.secondary]
  const out: string[] = []
  const tile = (x: number, y: number, w: number, h: number) => {
    const bg = pickc(undefined, grounds)
    const fg = pickc(bg)
    out.push(rect(x, y, w + 1, h + 1, bg))
    const k = Math.floor(rng() * 4)
    const m = Math.min(w, h)
    if (k === 0) out.push(circle(x + w / 2, y + h / 2, m * 0.42, fg))
    else if (k === 1)
      out.push(tag('path', { d: `M${x} ${y + h}A${w / 2} ${w / 2} 0 0 1 ${x + w} ${y + h}Z`, fill: fg }))
    else if (k === 2)
      out.push(
        poly(
          [
            [x, y + h],
            [x + w / 2, y],
            [x + w, y + h],
          ],
          fg,
        ),
      )
    else out.push(tag('path', { d: `M${x} ${y}h${w}A${w} ${h} 0 0 1 ${x} ${y + h}Z`, fill: fg }))
  }
  if (s.variant === 0) {
    const cols = 2 + Math.round(energy)
    const rows = Math.round((cols * H) / W)
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) tile((c * W) / cols, (r * H) / rows, W / cols, H / rows)
  } else if (s.variant === 1) {
    // a yellow sun on bare paper over a blue field: open ground, so it stays apart from the dense tiles
    out.push(rect(0, 0, W, H * 0.5, pal.ground), rect(0, H * 0.5, W, H * 0.5, pal.secondary))
    out.push(circle(W * 0.5, H * 0.42, W * 0.34, pal.accent))
    out.push(
      poly(
        [
          [W * 0.1, H * 0.95],
          [W * 0.45, H * 0.55],
          [W * 0.8, H * 0.95],
        ],
        pal.primary,
      ),
    )
  } else if (s.variant === 2) {
    const n = 4
    for (let i = 0; i < n; i++) {
      const y = (i * H) / n
      const c = colours[i % 3]
      out.push(rect(0, y, W, H / n + 1, c))
      const cx = W * (0.2 + 0.6 * rng())
      out.push(
        tag('path', {
          d: `M${cx - H / 8} ${y + H / n}A${H / 8} ${H / 8} 0 0 1 ${cx + H / 8} ${y + H / n}Z`,
          fill: colours[(i + 1) % 3],
        }),
      )
    }
  } else {
    // bare paper round a smaller black square: the one layout where the ground is left empty
    out.push(rect(0, 0, W, H, pal.ground), rect(W * 0.08, H * 0.1, W * 0.56, W * 0.56, pal.ink))
    out.push(circle(W * 0.36, H * 0.1 + W * 0.28, W * 0.22, pal.primary))
    out.push(
      tag('path', { d: `M0 ${H}v${-W * 0.5}A${W * 0.5} ${W * 0.5} 0 0 1 ${W * 0.5} ${H}Z`, fill: pal.secondary }),
    )
    out.push(
      tag('path', { d: `M${W} ${H}v${-W * 0.5}A${W * 0.5} ${W * 0.5} 0 0 0 ${W * 0.5} ${H}Z`, fill: pal.accent }),
    )
  }
  // a thick black rule, tilted by the groove, with a rhythm of short bars from the tempo
  out.push(
    group(rect(-W * 0.1, H * 0.47, W * 1.2, H * 0.025, pal.ink), `rotate(${(-8 - tilt).toFixed(1)} ${W / 2} ${H / 2})`),
  )
  for (let i = 0; i < Math.min(reps, 10); i++)
    out.push(rect(W * 0.06 + i * W * 0.035, H * 0.04, W * 0.018, H * 0.05, pal.ink))
  return out.join('')
}

/** Constructivist: red wedges, black diagonals, a circle and a figure or the prompt's subject. */
export const constructivist: Family = (s) => {
  const { W, H, rng, pal, reps, energy, tilt } = s
  const red = pal.primary
  const black = pal.secondary
  const out: string[] = []
  let motif: string
  if (s.variant === 0) {
    out.push(rect(0, 0, W * 0.55, H, red))
    out.push(circle(W * 0.68, H * 0.38, W * 0.27, pal.ground))
    out.push(
      poly(
        [
          [W * 0.05, H * (0.3 + 0.1 * rng())],
          [W * 0.7, H * 0.36],
          [W * 0.05, H * 0.5],
        ],
        black,
      ),
    )
    motif = subject(s, W * 0.74, H * 0.95, H * 0.3, black)
  } else if (s.variant === 1) {
    out.push(
      poly(
        [
          [0, 0],
          [W, 0],
          [0, H * 0.8],
        ],
        red,
      ),
    )
    out.push(
      group(
        rect(-W * 0.2, H * 0.38, W * 1.6, H * 0.05, black),
        `rotate(${(-38 + tilt * 0.3).toFixed(1)} ${W / 2} ${H * 0.4})`,
      ),
    )
    motif = subject(s, W * 0.64, H * 0.97, H * 0.42, black)
  } else if (s.variant === 2) {
    const rays = 4 + Math.round(reps / 3)
    for (let i = 0; i < rays; i++) {
      const a = -Math.PI / 2 + (i / rays) * (Math.PI / 2)
      const b = a + Math.PI / 2 / rays / 2
      const R = H * 1.3
      out.push(
        poly(
          [
            [0, H],
            [Math.cos(a) * R, H + Math.sin(a) * R],
            [Math.cos(b) * R, H + Math.sin(b) * R],
          ],
          black,
        ),
      )
    }
    out.push(circle(W * 0.72, H * 0.26, W * 0.22, red))
    motif = subject(s, W * 0.72, H * 0.26 + W * 0.2, W * 0.3, pal.ground)
  } else {
    out.push(rect(0, 0, W, H, black))
    out.push(group(rect(-W * 0.3, H * 0.5, W * 1.6, H * (0.12 + 0.08 * energy), red), `rotate(-24 ${W / 2} ${H / 2})`))
    out.push(circle(W * 0.25, H * 0.22, W * 0.14, red))
    motif = subject(s, W * 0.6, H * 0.92, H * 0.36, pal.ground)
  }
  for (let i = 0; i < Math.min(reps, 8); i++)
    out.push(rect(W * 0.78, H * (0.06 + i * 0.03), W * 0.16, H * 0.012, black))
  return out.join('') + motif
}
