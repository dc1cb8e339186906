// Tiny SVG builders, so compositions read as shapes rather than 500-character template strings.
// Numbers are written with one decimal: enough at any poster size, and byte-stable for a seed.

type Attrs = Record<string, string | number | undefined>

/** A number with one decimal ("12.3"). */
export const n = (v: number): string => v.toFixed(1)

/** Opacity clamped to 0..1 with two decimals. */
export const op = (v: number): string => Math.min(1, Math.max(0, v)).toFixed(2)

/** One element; numeric attributes get one decimal, undefined ones are left out. */
export function tag(name: string, attrs: Attrs, inner = ''): string {
  let s = `<${name}`
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue
    s += ` ${k}="${typeof v === 'number' ? n(v) : v}"`
  }
  return inner ? `${s}>${inner}</${name}>` : `${s}/>`
}

export const rect = (x: number, y: number, width: number, height: number, fill: string, more: Attrs = {}) =>
  tag('rect', { x, y, width, height, fill, ...more })

export const circle = (cx: number, cy: number, r: number, fill: string, more: Attrs = {}) =>
  tag('circle', { cx, cy, r, fill, ...more })

export const ellipse = (cx: number, cy: number, rx: number, ry: number, fill: string, more: Attrs = {}) =>
  tag('ellipse', { cx, cy, rx, ry, fill, ...more })

export const path = (d: string, fill: string, more: Attrs = {}) => tag('path', { d, fill, ...more })

/** A closed polygon through `pts`. */
export const poly = (pts: [number, number][], fill: string, more: Attrs = {}) =>
  path(pts.map(([x, y], i) => `${i ? 'L' : 'M'}${n(x)} ${n(y)}`).join('') + 'Z', fill, more)

/** An open stroked line through `pts`. */
export const line = (pts: [number, number][], stroke: string, width: number, more: Attrs = {}) =>
  path(pts.map(([x, y], i) => `${i ? 'L' : 'M'}${n(x)} ${n(y)}`).join(''), 'none', {
    stroke,
    'stroke-width': width,
    'stroke-linecap': 'round',
    ...more,
  })

/** A group with a transform (or none). */
export const group = (inner: string, transform?: string, more: Attrs = {}) => tag('g', { transform, ...more }, inner)

/** A gradient definition; stops are [offset 0-1, colour, opacity]. */
export function gradient(
  id: string,
  stops: [number, string, number?][],
  kind: 'linear' | 'radial' = 'linear',
  geometry: Attrs = kind === 'linear' ? { x1: 0, y1: 0, x2: 0, y2: 1 } : { cx: 0.5, cy: 0.5, r: 0.5 },
): string {
  const inner = stops
    .map(([o, c, a]) =>
      tag('stop', { offset: o.toFixed(2), 'stop-color': c, 'stop-opacity': a === undefined ? undefined : op(a) }),
    )
    .join('')
  const g: Attrs = {}
  for (const [k, v] of Object.entries(geometry)) g[k] = typeof v === 'number' ? v.toFixed(3) : v
  return tag(kind === 'linear' ? 'linearGradient' : 'radialGradient', { id, ...g }, inner)
}

export const defs = (inner: string) => `<defs>${inner}</defs>`
