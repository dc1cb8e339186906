// Key decision on the music corpus without re-decoding: computes each labelled clip's chroma once (cached in a
// file), then scores estimateKey (with the options given) on all, even and odd manifest positions (as eval:music).
//
//   node --import tsx scripts/fit-key.ts [corpusDir] [chromaCache.json] [--opts='{"chordWeight":0}'] [--verbose]
//   (default cache cache/key-chroma.json, outside the corpus folder; delete it after changing chroma.ts; --verbose
//   prints every clip whose key is not exact, with its parity)
// Choose options on the even positions, then confirm on the odd ones. eval:music --split uses the same positions.

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CorpusEntry } from './corpus/build.ts'
import { keyScore } from './corpus/score.ts'
import { decodeAudio } from '../src/audio/decode.ts'
import { ANALYSIS_RATE, resample } from '../src/audio/resample.ts'
import { computeChroma, type ChromaProfile } from '../src/audio/chroma.ts'
import { estimateKey, type KeyOptions } from '../src/audio/key.ts'

interface Clip {
  id: string
  group: string
  index: number
  ref: { tonic: string; mode: string }
  chroma: ChromaProfile
}

const args = process.argv.slice(2)
const positional = args.filter((a) => !a.startsWith('--'))
const dir = resolve(positional[0] ?? 'cache/corpus')
const cacheFile = positional[1] ?? 'cache/key-chroma.json'
const optsArg = args.find((a) => a.startsWith('--opts='))?.slice(7)
const verbose = args.includes('--verbose')

export async function loadClips(): Promise<Clip[]> {
  const entries: CorpusEntry[] = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
  // Same positions as eval:music --cached: the clips essentia.js has results for, in manifest order.
  const ess = JSON.parse(readFileSync(join(dir, 'essentia-cache.json'), 'utf8')) as Record<string, unknown>
  const chosen = entries.filter((e) => {
    const st = statSync(e.file)
    return `${e.id}:${st.size}:${Math.round(st.mtimeMs)}` in ess
  })
  const cached: Record<string, SerialChroma> = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {}
  const clips: Clip[] = []
  let dirty = false
  for (const [index, e] of chosen.entries()) {
    if (!e.key) continue
    if (!cached[e.id]) {
      const pcm = await decodeAudio(e.file, { sampleRate: ANALYSIS_RATE })
      cached[e.id] = serialise(computeChroma(resample(pcm.samples, pcm.sampleRate, ANALYSIS_RATE), ANALYSIS_RATE))
      dirty = true
    }
    clips.push({ id: e.id, group: e.group, index, ref: e.key, chroma: deserialise(cached[e.id]) })
  }
  if (dirty) writeFileSync(cacheFile, JSON.stringify(cached))
  return clips
}

type SerialChroma = Record<keyof ChromaProfile, number | number[]>

function serialise(c: ChromaProfile): SerialChroma {
  return {
    treble: Array.from(c.treble),
    bass: Array.from(c.bass),
    frameTreble: Array.from(c.frameTreble),
    frameBass: Array.from(c.frameBass),
    frameLevel: Array.from(c.frameLevel),
    hopSec: c.hopSec,
    tuningCents: c.tuningCents,
  }
}

function deserialise(s: SerialChroma): ChromaProfile {
  return {
    treble: Float64Array.from(s.treble as number[]),
    bass: Float64Array.from(s.bass as number[]),
    frameTreble: Float32Array.from(s.frameTreble as number[]),
    frameBass: Float32Array.from(s.frameBass as number[]),
    frameLevel: Float32Array.from(s.frameLevel as number[]),
    hopSec: s.hopSec as number,
    tuningCents: s.tuningCents as number,
  }
}

const label = (k: { tonic: string; mode: string }): string => `${k.tonic}${k.mode === 'minor' ? 'm' : ''}`

export function evaluate(clips: Clip[], opts: Partial<KeyOptions>): Record<string, string> {
  const rows: Record<string, { n: number; score: number; exact: number }> = {}
  const add = (name: string, s: { score: number; exact: boolean }): void => {
    const r = (rows[name] ??= { n: 0, score: 0, exact: 0 })
    r.n++
    r.score += s.score
    r.exact += s.exact ? 1 : 0
  }
  for (const c of clips) {
    const k = estimateKey(c.chroma, opts)
    const s = keyScore(k, c.ref)
    for (const name of ['all', c.group, c.index % 2 === 0 ? 'even' : 'odd']) add(name, s)
    if (verbose && !s.exact)
      console.error(`${c.index % 2 ? 'odd ' : 'even'} ${c.id.padEnd(52)} ${label(c.ref)}→${label(k)}`)
  }
  const out: Record<string, string> = {}
  for (const [name, r] of Object.entries(rows))
    out[name] = `n ${r.n} MIREX ${((100 * r.score) / r.n).toFixed(1)}% exact ${((100 * r.exact) / r.n).toFixed(1)}%`
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const clips = await loadClips()
  const opts = optsArg ? (JSON.parse(optsArg) as Partial<KeyOptions>) : {}
  for (const [name, line] of Object.entries(evaluate(clips, opts))) console.log(`${name.padEnd(12)} ${line}`)
}
