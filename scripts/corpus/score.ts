// MIREX-style scoring for the music corpus: tempo Acc1/Acc2 and the weighted key score, plus a plain-text table.

export const TOLERANCE = 0.04

/** Within 4% of the reference tempo. */
export const acc1 = (got: number, ref: number): boolean => Math.abs(got - ref) <= TOLERANCE * ref
/** Within 4% of the reference or of its double, half, triple or third. */
export const acc2 = (got: number, ref: number): boolean => [1, 2, 0.5, 3, 1 / 3].some((m) => acc1(got, ref * m))

const PITCH = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']

export interface KeyLabel {
  tonic: string
  mode: string
}

/** MIREX key score: 1 exact, 0.5 a perfect fifth either way (same mode), 0.3 relative, 0.2 parallel, else 0. */
export function keyScore(got: KeyLabel, ref: KeyLabel): { score: number; exact: boolean } {
  const g = PITCH.indexOf(got.tonic)
  const r = PITCH.indexOf(ref.tonic)
  const d = (((g - r) % 12) + 12) % 12
  if (g < 0 || r < 0) return { score: 0, exact: false }
  if (got.mode === ref.mode) {
    if (d === 0) return { score: 1, exact: true }
    return { score: d === 7 || d === 5 ? 0.5 : 0, exact: false }
  }
  // Relative: C major <-> A minor (the minor tonic 9 semitones above the major one).
  const relative = ref.mode === 'major' ? d === 9 : d === 3
  if (relative) return { score: 0.3, exact: false }
  return { score: d === 0 ? 0.2 : 0, exact: false }
}

export interface Outcome {
  group: string
  /** Position in the manifest (the split uses its parity). */
  index: number
  tempo?: { acc1: boolean; acc2: boolean }
  key?: { score: number; exact: boolean }
  seconds: number
  ms: number
}

export interface Row {
  name: string
  tempoN: number
  acc1: number
  acc2: number
  keyN: number
  keyScore: number
  keyExact: number
  realtime: number
}

function row(name: string, rows: Outcome[]): Row {
  const t = rows.filter((r) => r.tempo)
  const k = rows.filter((r) => r.key)
  const frac = (n: number, d: number): number => (d ? n / d : NaN)
  const ms = rows.reduce((a, r) => a + r.ms, 0)
  return {
    name,
    tempoN: t.length,
    acc1: frac(t.filter((r) => r.tempo!.acc1).length, t.length),
    acc2: frac(t.filter((r) => r.tempo!.acc2).length, t.length),
    keyN: k.length,
    keyScore: frac(
      k.reduce((a, r) => a + r.key!.score, 0),
      k.length,
    ),
    keyExact: frac(k.filter((r) => r.key!.exact).length, k.length),
    realtime: ms > 0 ? rows.reduce((a, r) => a + r.seconds, 0) / (ms / 1000) : NaN,
  }
}

/** Overall row, one row per group, and with `split` the even and odd manifest positions. */
export function summarise(rows: Outcome[], split = false): Row[] {
  const out = [row('all', rows)]
  for (const g of [...new Set(rows.map((r) => r.group))])
    out.push(
      row(
        `  ${g}`,
        rows.filter((r) => r.group === g),
      ),
    )
  if (split) {
    out.push(
      row(
        'even ids',
        rows.filter((r) => r.index % 2 === 0),
      ),
    )
    out.push(
      row(
        'odd ids',
        rows.filter((r) => r.index % 2 === 1),
      ),
    )
  }
  return out
}

export function formatTable(rows: Row[]): string {
  const pct = (x: number): string => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)}%`)
  const head = ['group', 'tempo n', 'Acc1', 'Acc2', 'key n', 'key MIREX', 'key exact', 'x realtime']
  const lines = rows.map((r) => [
    r.name,
    String(r.tempoN),
    pct(r.acc1),
    pct(r.acc2),
    String(r.keyN),
    pct(r.keyScore),
    pct(r.keyExact),
    Number.isNaN(r.realtime) ? '-' : `${r.realtime.toFixed(0)}x`,
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const fmt = (l: string[]): string =>
    l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  return [fmt(head), ...lines.map(fmt)].join('\n')
}
