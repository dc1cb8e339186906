// A held-out check of the tempo level choice on generated grooves the corpus does not hold: 14 groove kinds, five
// tempi each spread over the kind's usual range, seeds 7-11 (the corpus uses 0-2), 20 s clips. Prints Acc1/Acc2
// overall and by kind, and every miss.
//
//   node --import tsx scripts/eval-grooves.ts

import { renderGroove, type GrooveKind } from './corpus/grooves.ts'
import { acc1, acc2 } from './corpus/score.ts'
import { computeOnsetEnvelope } from '../src/audio/onset.ts'
import { estimateTempo } from '../src/audio/tempo.ts'

const SR = 22050
const RANGES: [GrooveKind, number, number][] = [
  ['rock', 90, 160],
  ['funk', 90, 120],
  ['one-drop', 66, 92],
  ['arpeggio', 70, 130],
  ['ballad', 58, 80],
  ['hip-hop', 80, 100],
  ['half-time', 130, 176],
  ['drumless', 60, 140],
  ['waltz', 80, 180],
  ['swing', 100, 200],
  ['six-eight', 50, 100],
  ['twelve-eight', 50, 80],
  ['comp-dotted8', 76, 96],
  ['comp-dotted4', 110, 184],
]

let n = 0
let a1 = 0
let a2 = 0
const byKind: string[] = []
for (const [kind, lo, hi] of RANGES) {
  let right = 0
  for (let k = 0; k < 5; k++) {
    const bpm = Math.round(lo + ((hi - lo) * (k + 0.5)) / 5)
    const g = renderGroove({ kind, bpm, seed: 7 + k, seconds: 20, sampleRate: SR })
    const t = estimateTempo(computeOnsetEnvelope(g.samples, SR))
    n++
    if (acc1(t.bpm, g.bpm)) right++
    else console.log(`  miss ${kind} ${g.bpm.toFixed(1)} -> ${t.bpm}`)
    if (acc2(t.bpm, g.bpm)) a2++
  }
  a1 += right
  byKind.push(`${kind} ${right}/5`)
}
console.log(`Acc1 ${((100 * a1) / n).toFixed(1)}%  Acc2 ${((100 * a2) / n).toFixed(1)}%  (n=${n})`)
console.log(byKind.join(', '))
