// Fits the metrical-level model of src/audio/metre.ts (log-normal prior centre/width and feature weights) on the
// music corpus by coordinate search, on even manifest positions only, and reports Acc1/Acc2 on the odd ones.
//
//   node --import tsx scripts/fit-tempo.ts [corpusDir] [featureCache.json] [--centre=lo,hi] [--min-sigma=x]
//     [--train=even|odd|all]
//   (prints the fitted model; delete the feature cache after changing the features or the corpus)
//
// The objective is smooth: the mean log of the softmax probability the model gives to the correct candidates
// (within 4% of the reference), minus a small L2 penalty on the feature weights. Accuracy itself is a step
// function: searching on it directly fitted the even clips to 87% and left the odd ones at 66%.

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CorpusEntry } from './corpus/build.ts'
import { acc1, acc2 } from './corpus/score.ts'
import { decodeAudio } from '../src/audio/decode.ts'
import { computeOnsetEnvelope } from '../src/audio/onset.ts'
import { tempoEvidence } from '../src/audio/tempo.ts'
import { METRE_MODEL, scoreCandidate, type MetreCandidate, type MetreModel } from '../src/audio/metre.ts'

interface Clip {
  id: string
  index: number
  ref: number
  cands: MetreCandidate[]
}

// Bounds on the prior (`--centre=lo,hi`, `--min-sigma=x`; default 100-140 BPM, >= 0.5 octaves). Fitted freely the
// prior follows this corpus (many fast grooves and MIDI marked at 180-260) to ~151 BPM and 0.48 octaves, and a
// quiet 68 BPM song reads 136. Held to 100-140 it costs one odd clip (Acc1 80.6% -> 79.0%). Held nearer the
// published priors (Ellis 2007, librosa: ~120 BPM, ~1 octave) it does worse on the held-out odd clips: 100-130 /
// >= 0.6 octaves 72.6%, 100-130 / >= 1 octave 67.7% Acc1 (2026-11-29, 124 clips).
const argOf = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const PRIOR_CENTRE = (argOf('centre') ?? '100,140').split(',').map(Number) as [number, number]
const MIN_SIGMA = Number(argOf('min-sigma') ?? 0.5)
const clampTo = (x: number, [lo, hi]: [number, number]): number => Math.min(hi, Math.max(lo, x))

const GRID: Record<keyof MetreModel, number[]> = {
  centre: [60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160],
  sigma: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1, 1.3, 1.7, 2.5],
  acf: [-2, -1, -0.5, 0, 0.5, 1, 2, 3, 5],
  harmonic: [-2, -1, -0.5, 0, 0.5, 1, 2, 3, 5],
  bar: [-2, -1, -0.5, 0, 0.5, 1, 2, 3, 5],
  contrast: [-2, -1, -0.5, 0, 0.5, 1, 2, 3, 5],
  alternation: [-2, -1, -0.5, 0, 0.5, 1, 2, 3, 5],
  between: [-3, -2, -1, -0.5, 0, 0.5, 1, 2],
  quarters: [-3, -2, -1, -0.5, 0, 0.5, 1, 2],
  hatsBetween: [-2, -1, -0.5, 0, 0.5, 1, 2],
  betweenSq: [-3, -2, -1, -0.5, 0, 0.5, 1, 2],
  density: [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3],
}

function evaluate(clips: Clip[], m: MetreModel): { a1: number; a2: number } {
  let a1 = 0
  let a2 = 0
  for (const c of clips) {
    let best: MetreCandidate | undefined
    let bs = -Infinity
    for (const x of c.cands) {
      const s = scoreCandidate(x, m)
      if (s > bs) {
        bs = s
        best = x
      }
    }
    if (best && acc1(best.bpm, c.ref)) a1++
    if (best && acc2(best.bpm, c.ref)) a2++
  }
  return { a1: a1 / clips.length, a2: a2 / clips.length }
}

function logLikelihood(clips: Clip[], m: MetreModel): number {
  let ll = 0
  for (const c of clips) {
    const s = c.cands.map((x) => scoreCandidate(x, m))
    const top = Math.max(...s)
    let z = 0
    let good = 0
    for (let i = 0; i < s.length; i++) {
      const e = Math.exp(s[i] - top)
      z += e
      if (acc1(c.cands[i].bpm, c.ref)) good += e
    }
    if (good > 0) ll += Math.log(good / z)
  }
  let l2 = 0
  for (const k of Object.keys(m) as (keyof MetreModel)[]) if (k !== 'centre' && k !== 'sigma') l2 += m[k] * m[k]
  return ll / clips.length - 0.002 * l2
}

async function main(dir: string, cachePath?: string): Promise<void> {
  const entries: CorpusEntry[] = JSON.parse(readFileSync(join(resolve(dir), 'manifest.json'), 'utf8'))
  let clips: Clip[] = []
  if (cachePath && existsSync(cachePath)) {
    clips = JSON.parse(readFileSync(cachePath, 'utf8'))
    for (const c of clips) for (const x of c.cands) x.hatsBetween = Math.min(3, x.hatsBetween) // as metre.ts caps it
  } else {
    for (const [index, e] of entries.entries()) {
      if (e.bpm === null) continue
      const pcm = await decodeAudio(e.file, { sampleRate: 22050 })
      const ev = tempoEvidence(computeOnsetEnvelope(pcm.samples, pcm.sampleRate))
      clips.push({ id: e.id, index, ref: e.bpm, cands: ev.candidates })
    }
    if (cachePath) writeFileSync(cachePath, JSON.stringify(clips))
  }
  // --train=even (default) fits on even positions and tests on odd; odd swaps them; all fits on every clip (the
  // test rows then repeat the training clips: quote the even/odd runs for held-out accuracy).
  const split = argOf('train') ?? 'even'
  const train = clips.filter((c) => split === 'all' || c.index % 2 === (split === 'odd' ? 1 : 0))
  const test = split === 'all' ? clips : clips.filter((c) => c.index % 2 === (split === 'odd' ? 0 : 1))
  const oracle = clips.filter((c) => c.cands.some((x) => acc1(x.bpm, c.ref))).length / clips.length
  console.log(
    `${clips.length} clips (${train.length} train, ${test.length} test); a candidate within 4%: ${pct(oracle)}`,
  )
  const allowed = (m: MetreModel): boolean => clampTo(m.centre, PRIOR_CENTRE) === m.centre && m.sigma >= MIN_SIGMA
  const objective = (m: MetreModel): number => logLikelihood(train, m)
  // Random search over the grid (seeded), then coordinate refinement from the best point.
  let model = {
    ...METRE_MODEL,
    centre: clampTo(METRE_MODEL.centre, PRIOR_CENTRE),
    sigma: Math.max(MIN_SIGMA, METRE_MODEL.sigma),
  }
  let best = objective(model)
  let seed = 12345
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  for (let i = 0; i < 4000; i++) {
    const trial = { ...model }
    for (const key of Object.keys(GRID) as (keyof MetreModel)[])
      trial[key] = GRID[key][Math.floor(rand() * GRID[key].length)]
    if (!allowed(trial)) continue
    const o = objective(trial)
    if (o > best + 1e-9) {
      best = o
      model = trial
    }
  }
  for (let pass = 0; pass < 8; pass++) {
    let improved = false
    for (const key of Object.keys(GRID) as (keyof MetreModel)[]) {
      // Around the current value too, so the search can settle between grid points.
      const around = [0.8, 0.9, 1.1, 1.25].map((f) => model[key] * f).concat([model[key] + 0.1, model[key] - 0.1])
      for (const v of [...GRID[key], ...around]) {
        const trial = { ...model, [key]: v }
        if (!allowed(trial)) continue
        const o = objective(trial)
        // Strictly better only: on ties keep the current value (the search order is the tie-break).
        if (o > best + 1e-9) {
          best = o
          model = trial
          improved = true
        }
      }
    }
    if (!improved) break
  }
  const show = (name: string, set: Clip[], m: MetreModel): void => {
    const r = evaluate(set, m)
    console.log(`${name.padEnd(28)} Acc1 ${pct(r.a1)}  Acc2 ${pct(r.a2)}  (n=${set.length})`)
  }
  const names = split === 'all' ? ['all', 'all'] : split === 'odd' ? ['odd', 'even'] : ['even', 'odd']
  show(`start model, train (${names[0]})`, train, METRE_MODEL)
  show(`start model, test (${names[1]})`, test, METRE_MODEL)
  show(`fitted, train (${names[0]})`, train, model)
  show(`fitted, test (${names[1]})`, test, model)
  show('fitted, all', clips, model)
  console.log(`export const METRE_MODEL: MetreModel = ${JSON.stringify(model)}`)
  for (const c of clips) {
    const ranked = c.cands.map((x) => ({ bpm: x.bpm, s: scoreCandidate(x, model) })).sort((a, b) => b.s - a.s)
    if (!acc1(ranked[0]?.bpm ?? 0, c.ref))
      console.log(
        `  miss ${c.id} ref ${c.ref} got ${ranked[0]?.bpm.toFixed(1)} next ${ranked.slice(1, 4).map((x) => x.bpm.toFixed(0))}`,
      )
  }
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
if (import.meta.url === `file://${process.argv[1]}`) await main(args[0] ?? 'cache/corpus', args[1])
