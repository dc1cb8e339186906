// Reference keys for the corpus: the key signature of a MIDI file, checked against the notes' pitch-class
// profile (Krumhansl-Kessler correlation). Independent of src/audio/key.ts, which the corpus evaluates.

import type { MidiNote } from './midi.ts'

export interface RefKey {
  tonic: string
  mode: 'major' | 'minor'
}

const PITCH = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']
const KK_MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
const KK_MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

/** Key named by a MIDI key signature: `sharps` -7..7, relative minor when `minor`. */
export function keyFromSignature(sharps: number, minor: boolean): RefKey {
  const major = (((sharps * 7) % 12) + 12) % 12
  return { tonic: PITCH[minor ? (major + 9) % 12 : major], mode: minor ? 'minor' : 'major' }
}

/** Best-correlating key of the pitched notes sounding in [from, to), weighted by duration and velocity. */
export function estimateMidiKey(notes: MidiNote[], from: number, to: number): RefKey | undefined {
  const pc = new Array<number>(12).fill(0)
  for (const n of notes) {
    const d = Math.min(to, n.end) - Math.max(from, n.start)
    if (d > 0) pc[n.pitch % 12] += d * (n.velocity / 127)
  }
  if (pc.every((v) => v === 0)) return undefined
  let best: RefKey | undefined
  let bestR = -Infinity
  for (let t = 0; t < 12; t++)
    for (const [mode, prof] of [
      ['major', KK_MAJOR],
      ['minor', KK_MINOR],
    ] as const) {
      const r = pearson(pc, (i) => prof[(i - t + 12) % 12])
      if (r > bestR) {
        bestR = r
        best = { tonic: PITCH[t], mode }
      }
    }
  return best
}

function pearson(x: number[], y: (i: number) => number): number {
  const n = x.length
  const ys = x.map((_, i) => y(i))
  const mx = x.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (ys[i] - my)
    sxx += (x[i] - mx) ** 2
    syy += (ys[i] - my) ** 2
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0
}
