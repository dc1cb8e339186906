// Composition families: each turns a Scene into SVG shapes in the manner of its styles. Tempo sets
// how many forms repeat, energy how dense and contrasted they are, sections shape bands and
// skylines, danceability tilts things, brightness adds glow.
import type { Scene } from './scene.ts'

export type Family = (s: Scene) => string

const f1 = (v: number) => v.toFixed(1)
const op = (v: number) => Math.min(1, Math.max(0, v)).toFixed(2)

/** Swiss International: one big circle, a rhythm of bars, a tilted block and a dot grid. */
const swiss: Family = ({ W, H, rng, pal, reps, energy, tilt, bands }) => {
  const out: string[] = []
  const r = W * (0.26 + 0.12 * energy)
  const cx = W * (0.35 + rng() * 0.3)
  const cy = H * (0.28 + rng() * 0.15)
  out.push(`<circle cx="${f1(cx)}" cy="${f1(cy)}" r="${f1(r)}" fill="${pal.primary}"/>`)
  for (let i = 1; i <= Math.min(reps, 8); i++)
    out.push(
      `<circle cx="${f1(cx)}" cy="${f1(cy)}" r="${f1(r + i * W * 0.018)}" fill="none" stroke="${pal.primary}" stroke-width="${f1(W * 0.004)}" stroke-opacity="${op(0.6 - i * 0.06)}"/>`,
    )
  const barTop = H * 0.58
  const gap = (H * 0.38) / reps
  for (let i = 0; i < reps; i++) {
    const e = bands[i % bands.length]
    const w = W * (0.25 + 0.65 * e)
    out.push(
      `<rect x="${f1(i % 2 ? W - w - W * 0.06 : W * 0.06)}" y="${f1(barTop + i * gap)}" width="${f1(w)}" height="${f1(gap * (0.3 + 0.4 * energy))}" fill="${i % 3 === 2 ? pal.accent : pal.secondary}"/>`,
    )
  }
  out.push(
    `<rect x="${f1(W * 0.55)}" y="${f1(H * 0.12)}" width="${f1(W * 0.3)}" height="${f1(H * 0.5)}" fill="${pal.accent}" fill-opacity="0.85" transform="rotate(${f1(tilt - 10)} ${f1(W * 0.7)} ${f1(H * 0.37)})" style="mix-blend-mode:multiply"/>`,
  )
  const step = W / (8 + Math.round(energy * 10))
  for (let x = step / 2; x < W; x += step)
    for (let y = step / 2; y < H * 0.55; y += step)
      out.push(`<circle cx="${f1(x)}" cy="${f1(y)}" r="${f1(step * 0.06)}" fill="${pal.ink}" fill-opacity="0.25"/>`)
  return out.join('')
}

/** Bauhaus and constructivist: a grid of circles, half-discs, triangles and squares in primaries. */
const bauhaus: Family = ({ W, H, rng, pal, reps, energy, tilt }) => {
  const cols = 3 + Math.round(energy * 2)
  const rows = Math.round((cols * H) / W)
  const cw = W / cols
  const ch = H / rows
  const colours = [pal.primary, pal.secondary, pal.accent, pal.ink, pal.ground]
  const out: string[] = []
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = c * cw
      const y = r * ch
      const fill = colours[Math.floor(rng() * 4)]
      const bg = colours[(Math.floor(rng() * 5) + 1) % 5]
      out.push(
        `<rect x="${f1(x)}" y="${f1(y)}" width="${f1(cw + 1)}" height="${f1(ch + 1)}" fill="${bg}" fill-opacity="${op(0.35 + energy * 0.5)}"/>`,
      )
      const kind = Math.floor(rng() * 5)
      const m = Math.min(cw, ch)
      if (kind === 0)
        out.push(`<circle cx="${f1(x + cw / 2)}" cy="${f1(y + ch / 2)}" r="${f1(m * 0.42)}" fill="${fill}"/>`)
      else if (kind === 1)
        out.push(
          `<path d="M${f1(x)} ${f1(y + ch)} A ${f1(cw / 2)} ${f1(cw / 2)} 0 0 1 ${f1(x + cw)} ${f1(y + ch)} Z" fill="${fill}"/>`,
        )
      else if (kind === 2)
        out.push(
          `<path d="M${f1(x)} ${f1(y + ch)} L${f1(x + cw / 2)} ${f1(y)} L${f1(x + cw)} ${f1(y + ch)} Z" fill="${fill}"/>`,
        )
      else if (kind === 3)
        out.push(
          `<rect x="${f1(x + cw * 0.2)}" y="${f1(y + ch * 0.2)}" width="${f1(cw * 0.6)}" height="${f1(ch * 0.6)}" fill="${fill}" transform="rotate(${f1(tilt)} ${f1(x + cw / 2)} ${f1(y + ch / 2)})"/>`,
        )
      else
        for (let i = 0; i < Math.min(reps, 9); i++)
          out.push(
            `<rect x="${f1(x)}" y="${f1(y + (i * ch) / Math.min(reps, 9))}" width="${f1(cw)}" height="${f1(ch / Math.min(reps, 9) / 2)}" fill="${fill}"/>`,
          )
    }
  }
  out.push(
    `<rect x="${f1(-W * 0.1)}" y="${f1(H * 0.47)}" width="${f1(W * 1.2)}" height="${f1(H * 0.04)}" fill="${pal.ink}" transform="rotate(${f1(-12 - tilt)} ${f1(W / 2)} ${f1(H / 2)})"/>`,
  )
  return out.join('')
}

/** Synthwave and vaporwave: gradient sky, striped sun, skyline from sections, perspective grid. */
const synthwave: Family = ({ W, H, rng, pal, reps, energy, bands, glow }) => {
  const horizon = H * (0.56 + rng() * 0.1)
  const sunX = W * (0.3 + rng() * 0.4)
  const out: string[] = []
  out.push(`<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${pal.ground}"/><stop offset="1" stop-color="${pal.primary}"/></linearGradient>
    <linearGradient id="sun" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${pal.secondary}"/><stop offset="1" stop-color="${pal.accent}"/></linearGradient>
    <clipPath id="sunclip"><rect x="0" y="0" width="${W}" height="${f1(horizon)}"/></clipPath></defs>`)
  out.push(`<rect width="${W}" height="${f1(horizon)}" fill="url(#sky)"/>`)
  const sr = W * (0.24 + 0.08 * energy)
  const sunY = horizon - sr * 0.35
  let stripes = ''
  const n = Math.max(3, Math.round(reps / 2))
  for (let i = 0; i < n; i++) {
    const y = sunY + (i / n) * sr
    stripes += `<rect x="0" y="${f1(y)}" width="${W}" height="${f1((sr / n) * (0.15 + 0.3 * (i / n)))}" fill="${pal.ground}"/>`
  }
  out.push(
    `<g clip-path="url(#sunclip)"><circle cx="${f1(sunX)}" cy="${f1(sunY)}" r="${f1(sr)}" fill="url(#sun)" fill-opacity="${op(0.75 + 0.25 * glow)}"/>${stripes}</g>`,
  )
  let ridge = `M0 ${f1(horizon)}`
  const k = bands.length * 2
  for (let i = 0; i <= k; i++) {
    const e = bands[Math.floor(i / 2) % bands.length]
    ridge += ` L${f1((i / k) * W + (rng() - 0.5) * (W / k))} ${f1(horizon - (i % 2 ? H * (0.04 + 0.14 * e * (0.6 + 0.8 * rng())) : H * 0.02))}`
  }
  out.push(`<path d="${ridge} L${W} ${f1(horizon)} Z" fill="${pal.ground}" fill-opacity="0.92"/>`)
  out.push(`<rect y="${f1(horizon)}" width="${W}" height="${f1(H - horizon)}" fill="${pal.ground}"/>`)
  const lines = 6 + reps
  for (let i = 0; i <= lines; i++) {
    const x = (i / lines) * W
    out.push(
      `<line x1="${f1(W / 2 + (x - W / 2) * 0.08)}" y1="${f1(horizon)}" x2="${f1(W / 2 + (x - W / 2) * 3)}" y2="${H}" stroke="${pal.accent}" stroke-width="${f1(W * 0.003)}" stroke-opacity="${op(0.5 + energy * 0.5)}"/>`,
    )
  }
  for (let i = 1; i <= reps; i++) {
    const y = horizon + (H - horizon) * (i / reps) ** 1.8
    out.push(
      `<line x1="0" y1="${f1(y)}" x2="${W}" y2="${f1(y)}" stroke="${pal.accent}" stroke-width="${f1(W * 0.003)}" stroke-opacity="${op(0.4 + energy * 0.5)}"/>`,
    )
  }
  out.push(
    `<line x1="0" y1="${f1(horizon)}" x2="${W}" y2="${f1(horizon)}" stroke="${pal.accent}" stroke-width="${f1(W * 0.006)}"/>`,
  )
  return out.join('')
}

/** Ukiyo-e and linocut: stacked wave bands (one per section) under a sun or moon. */
const waves: Family = ({ W, H, rng, pal, reps, energy, bands, tilt }) => {
  const out: string[] = []
  out.push(
    `<circle cx="${f1(W * (0.25 + rng() * 0.5))}" cy="${f1(H * 0.2)}" r="${f1(W * 0.14)}" fill="${pal.accent}"/>`,
  )
  const colours = [pal.secondary, pal.primary, pal.ink, pal.primary, pal.secondary]
  const count = Math.max(4, bands.length)
  const freq = 1 + reps / 4
  for (let b = 0; b < count; b++) {
    const e = bands[b % bands.length]
    const base = H * 0.36 + (b / count) * H * 0.66
    const amp = H * (0.012 + 0.035 * e * (0.5 + energy))
    const phase = rng() * Math.PI * 2
    let d = `M0 ${H}`
    for (let x = 0; x <= W; x += W / 80) {
      const y =
        base +
        Math.sin((x / W) * Math.PI * 2 * freq + phase) * amp +
        Math.sin((x / W) * Math.PI * 7 + phase * 2) * amp * 0.3 -
        (x / W) * tilt * H * 0.002
      d += ` L${f1(x)} ${f1(y)}`
    }
    out.push(
      `<path d="${d} L${W} ${H} Z" fill="${colours[b % colours.length]}" fill-opacity="${op(0.8 + 0.2 * energy)}" stroke="${pal.ground}" stroke-width="${f1(W * 0.004)}"/>`,
    )
    for (let i = 0; i < 4 + reps; i++) {
      const x = rng() * W
      const y = base + Math.sin((x / W) * Math.PI * 2 * freq + phase) * amp
      out.push(
        `<circle cx="${f1(x)}" cy="${f1(y - amp * 0.2)}" r="${f1(W * (0.004 + 0.006 * rng()))}" fill="${pal.ground}"/>`,
      )
    }
  }
  return out.join('')
}

/** Art Deco: a sunburst of rays (count from tempo), stepped arcs and gold lines. */
const sunburst: Family = ({ W, H, rng, pal, reps, energy, glow }) => {
  const cx = W * (0.3 + rng() * 0.4)
  const cy = H * (0.7 + rng() * 0.2)
  const R = Math.hypot(W, H)
  const rays = reps * 3
  const out: string[] = []
  for (let i = 0; i < rays; i++) {
    const a0 = Math.PI + (i / rays) * Math.PI
    const a1 = Math.PI + ((i + 0.5) / rays) * Math.PI
    out.push(
      `<path d="M${f1(cx)} ${f1(cy)} L${f1(cx + Math.cos(a0) * R)} ${f1(cy + Math.sin(a0) * R)} L${f1(cx + Math.cos(a1) * R)} ${f1(cy + Math.sin(a1) * R)} Z" fill="${i % 2 ? pal.primary : pal.secondary}" fill-opacity="${op(0.35 + 0.5 * energy)}"/>`,
    )
  }
  for (let i = 6; i >= 1; i--)
    out.push(
      `<circle cx="${f1(cx)}" cy="${f1(cy)}" r="${f1(W * 0.07 * i)}" fill="${i % 2 ? pal.ground : pal.accent}" fill-opacity="${i % 2 ? 1 : op(0.5 + glow * 0.5)}"/>`,
    )
  for (let i = 0; i < 5; i++)
    out.push(
      `<rect x="${f1(W * 0.08 + i * W * 0.02)}" y="${f1(H * 0.08 + i * W * 0.02)}" width="${f1(W * 0.84 - i * W * 0.04)}" height="${f1(H * 0.84 - i * W * 0.04)}" fill="none" stroke="${pal.accent}" stroke-width="${f1(W * (i === 0 ? 0.006 : 0.002))}"/>`,
    )
  return out.join('')
}

/** 1960s psychedelic: warped concentric rings in vibrating complementary colours. */
const concentric: Family = ({ W, H, rng, pal, reps, energy, tilt }) => {
  const cx = W * (0.4 + rng() * 0.2)
  const cy = H * (0.4 + rng() * 0.2)
  const rings = Math.round(reps * 1.6)
  const maxR = Math.hypot(W, H) * 0.6
  const lobes = 3 + Math.floor(rng() * 5)
  const colours = [pal.primary, pal.accent, pal.secondary, pal.ground]
  const out: string[] = []
  for (let i = rings; i >= 1; i--) {
    const r0 = (i / rings) * maxR
    let d = ''
    for (let k = 0; k <= 120; k++) {
      const th = (k / 120) * Math.PI * 2
      const r = r0 * (1 + (0.08 + 0.14 * energy) * Math.sin(lobes * th + i * 0.35 + (tilt * Math.PI) / 180))
      d += `${k ? 'L' : 'M'}${f1(cx + Math.cos(th) * r)} ${f1(cy + Math.sin(th) * r)}`
    }
    out.push(`<path d="${d}Z" fill="${colours[i % colours.length]}"/>`)
  }
  return out.join('')
}

/** Risograph: two halftone layers, slightly misregistered, over bold cut-out shapes. */
const halftone: Family = ({ W, H, rng, pal, reps, energy }) => {
  const out: string[] = []
  out.push(
    `<rect x="${f1(W * 0.1)}" y="${f1(H * 0.12)}" width="${f1(W * 0.55)}" height="${f1(H * 0.5)}" fill="${pal.secondary}" fill-opacity="0.8" transform="rotate(-6 ${W / 2} ${H / 2})"/>`,
  )
  const step = W / (16 + Math.round(energy * 18))
  const layer = (colour: string, ox: number, oy: number, px: number, py: number) => {
    let d = ''
    for (let y = step / 2; y < H; y += step) {
      for (let x = step / 2; x < W; x += step) {
        const t = 1 - Math.min(1, Math.hypot(x - px, y - py) / (W * 0.75))
        const wave = 0.5 + 0.5 * Math.sin((y / H) * Math.PI * reps)
        const r = step * 0.5 * Math.min(1, t * (0.6 + 0.6 * wave))
        if (r > 0.6)
          d += `M${f1(x + ox - r)} ${f1(y + oy)}a${f1(r)} ${f1(r)} 0 1 0 ${f1(2 * r)} 0a${f1(r)} ${f1(r)} 0 1 0 ${f1(-2 * r)} 0`
      }
    }
    return `<path d="${d}" fill="${colour}" fill-opacity="0.85"/>`
  }
  out.push(layer(pal.primary, 0, 0, W * (0.2 + rng() * 0.3), H * 0.3))
  out.push(layer(pal.accent, step * 0.3, step * 0.2, W * (0.6 + rng() * 0.3), H * 0.75))
  return out.join('')
}

/** Watercolour: soft pigment blooms (blurred blobs) stacked in washes. */
const blooms: Family = ({ W, H, rng, pal, reps, energy, bands }) => {
  const out: string[] = [
    `<defs><filter id="wash" x="-30%" y="-30%" width="160%" height="160%"><feGaussianBlur stdDeviation="${f1(W * 0.025)}"/></filter></defs>`,
  ]
  const colours = [pal.primary, pal.secondary, pal.accent]
  const n = 5 + Math.round(reps / 2 + energy * 4)
  let g = ''
  for (let i = 0; i < n; i++) {
    const e = bands[i % bands.length]
    const cx = rng() * W
    const cy = H * 0.08 + rng() * H * 0.8
    const rx = W * (0.1 + 0.18 * rng() + 0.1 * e)
    g += `<ellipse cx="${f1(cx)}" cy="${f1(cy)}" rx="${f1(rx)}" ry="${f1(rx * (0.6 + rng() * 0.6))}" fill="${colours[i % 3]}" fill-opacity="${op(0.35 + 0.35 * energy)}"/>`
  }
  out.push(`<g filter="url(#wash)">${g}</g>`)
  for (let i = 0; i < reps; i++)
    out.push(
      `<path d="M${f1(rng() * W)} ${f1(rng() * H)} q ${f1(W * 0.1)} ${f1(-H * 0.05)} ${f1(W * 0.2)} 0" stroke="${pal.ink}" stroke-opacity="0.35" stroke-width="${f1(W * 0.003)}" fill="none"/>`,
    )
  return out.join('')
}

/** Film noir: a dark room, hard light through venetian blinds, a figure in silhouette. */
const noir: Family = ({ W, H, rng, pal, reps, energy, tilt, glow }) => {
  const out: string[] = [
    `<defs><linearGradient id="wall" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${pal.primary}" stop-opacity="0.55"/><stop offset="1" stop-color="${pal.ground}" stop-opacity="0"/></linearGradient></defs><rect width="${W}" height="${H}" fill="url(#wall)"/>`,
  ]
  const slats = Math.max(4, reps)
  const src = { x: W * (rng() < 0.5 ? -0.2 : 1.2), y: -H * 0.1 }
  for (let i = 0; i < slats; i++) {
    const y0 = H * (0.15 + (i / slats) * 0.8)
    const y1 = y0 + ((H * 0.8) / slats) * (0.35 + 0.3 * energy)
    out.push(
      `<path d="M${f1(src.x)} ${f1(src.y)} L${f1(W * 0.5 + (src.x < 0 ? 1 : -1) * W * 0.6)} ${f1(y0)} L${f1(W * 0.5 + (src.x < 0 ? 1 : -1) * W * 0.6)} ${f1(y1)} Z" fill="${pal.ink}" fill-opacity="${op(0.16 + 0.2 * glow + 0.1 * energy)}"/>`,
    )
  }
  const fx = W * (0.3 + rng() * 0.4)
  const fy = H * 0.62
  const s = H * 0.26
  out.push(
    `<g transform="rotate(${f1(tilt * 0.3)} ${f1(fx)} ${f1(fy + s)})" fill="#050505"><ellipse cx="${f1(fx)}" cy="${f1(fy - s * 0.05)}" rx="${f1(s * 0.36)}" ry="${f1(s * 0.06)}"/><rect x="${f1(fx - s * 0.17)}" y="${f1(fy - s * 0.3)}" width="${f1(s * 0.34)}" height="${f1(s * 0.25)}" rx="${f1(s * 0.05)}"/><circle cx="${f1(fx)}" cy="${f1(fy + s * 0.08)}" r="${f1(s * 0.13)}"/><path d="M${f1(fx - s * 0.38)} ${f1(H)} L${f1(fx - s * 0.26)} ${f1(fy + s * 0.25)} Q${f1(fx)} ${f1(fy + s * 0.15)} ${f1(fx + s * 0.26)} ${f1(fy + s * 0.25)} L${f1(fx + s * 0.38)} ${f1(H)} Z"/></g>`,
  )
  out.push(`<rect y="${f1(H * 0.9)}" width="${W}" height="${f1(H * 0.1)}" fill="${pal.primary}" fill-opacity="0.25"/>`)
  return out.join('')
}

const BY_STYLE: Record<string, Family> = {
  swiss,
  bauhaus,
  constructivist: bauhaus,
  synthwave,
  vaporwave: synthwave,
  'ukiyo-e': waves,
  linocut: waves,
  'art-deco': sunburst,
  psychedelic: concentric,
  risograph: halftone,
  watercolour: blooms,
  'film-noir': noir,
}

export const FAMILIES = { swiss, bauhaus, synthwave, waves, sunburst, concentric, halftone, blooms, noir }

/** The family for a style id; unknown styles get the Swiss grid. */
export function familyFor(style: string): Family {
  return BY_STYLE[style] ?? swiss
}
