// `npm run eval:music`: builds (or reuses) the music corpus, then runs our analysis and essentia.js on every clip
// in one run and prints tempo Acc1/Acc2, key MIREX score and exact-key rate, and speed, overall and by group.
//
//   npm run eval:music -- [corpusDir] [--only=ours] [--split] [--ids=substr,..] [--verbose] [--no-cache] [--rebuild] [--cached]
//
// essentia.js is AGPL: a devDependency used only here and in bench/, never in src/. Ground truth comes from the
// corpus manifest (scripts/corpus), never from src/. Scoring helpers live in scripts/corpus/score.ts.

import { createRequire } from 'node:module'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { buildCorpus, type CorpusEntry } from './corpus/build.ts'
import { acc1, acc2, keyScore, summarise, formatTable, type Outcome } from './corpus/score.ts'
import { analyseAudio } from '../src/audio/analyse.ts'
import { decodeAudio } from '../src/audio/decode.ts'

interface EssentiaApi {
  arrayToVector(x: Float32Array): unknown
  RhythmExtractor2013(v: unknown, maxTempo: number, method: string, minTempo: number): { bpm: number }
  PercivalBpmEstimator(v: unknown, ...args: number[]): { bpm: number }
  KeyExtractor(v: unknown, ...args: (number | boolean | string)[]): { key: string; scale: string }
}

const ESSENTIA_RATE = 44100

function loadEssentia(): EssentiaApi {
  const require = createRequire(import.meta.url)
  const pkg = require('essentia.js') as { Essentia: new (w: unknown) => EssentiaApi; EssentiaWASM: unknown }
  return new pkg.Essentia(pkg.EssentiaWASM)
}

const FLAT_TO_SHARP: Record<string, string> = { Db: 'C#', Eb: 'D#', Gb: 'F#', Ab: 'G#', Bb: 'A#' }

export async function main(argv: string[]): Promise<void> {
  const dir = argv.find((a) => !a.startsWith('--')) ?? 'cache/corpus'
  const flag = (name: string): string | undefined =>
    argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split('=')[1] ??
    (argv.includes(`--${name}`) ? '' : undefined)
  const manifestPath = join(resolve(dir), 'manifest.json')
  const entries: CorpusEntry[] =
    existsSync(manifestPath) && flag('rebuild') === undefined
      ? JSON.parse(readFileSync(manifestPath, 'utf8'))
      : buildCorpus(dir)
  const ids = flag('ids')
  const onlyOurs = flag('only') === 'ours'
  const verbose = flag('verbose') !== undefined
  // essentia.js (WASM) runs at about realtime: its results are cached per clip (file size + mtime) in the corpus
  // folder, so re-running the evaluation after a change to our analysis costs only our analysis.
  const cachePath = join(resolve(dir), 'essentia-cache.json')
  const noCache = flag('no-cache') !== undefined
  const cache: Record<string, EssentiaResult> =
    existsSync(cachePath) && !noCache ? JSON.parse(readFileSync(cachePath, 'utf8')) : {}
  // --cached: only the clips essentia.js has already been run on (both tools on the same clips, no waiting).
  const cachedOnly = flag('cached') !== undefined
  const chosen = entries.filter(
    (e) => (!ids || ids.split(',').some((s) => e.id.includes(s))) && (!cachedOnly || cacheKey(e) in cache),
  )
  const results: Record<string, Outcome[]> = { ours: [], 'essentia RhythmExtractor2013': [], 'essentia Percival': [] }
  for (const [i, e] of chosen.entries()) {
    let pcm: Awaited<ReturnType<typeof decodeAudio>>
    try {
      pcm = await decodeAudio(e.file, { sampleRate: 22050 })
    } catch (err) {
      console.error(`skip ${e.id}: ${(err as Error).message}`)
      continue
    }
    const sec = pcm.samples.length / pcm.sampleRate
    const t0 = performance.now()
    const a = await analyseAudio(pcm)
    const ms = performance.now() - t0
    const ourKey = { tonic: a.key.tonic, mode: a.key.mode }
    results.ours.push(outcome(e, i, a.tempo.bpm, ourKey, sec, ms))
    let line = `${e.id.padEnd(48)} ref ${String(e.bpm ?? '-').padStart(6)} ours ${a.tempo.bpm.toFixed(1).padStart(6)}`
    line += ` [${a.tempo.alternatives?.join(',') ?? ''}] c${a.tempo.confidence.toFixed(2)}`
    if (e.key)
      line += ` key ${e.key.tonic}${e.key.mode === 'minor' ? 'm' : ''}→${ourKey.tonic}${ourKey.mode === 'minor' ? 'm' : ''}`
    if (!onlyOurs) {
      const r = await essentiaOn(e, cache, cachePath, noCache)
      const essKey = { tonic: FLAT_TO_SHARP[r.key] ?? r.key, mode: r.scale === 'minor' ? 'minor' : 'major' }
      results['essentia RhythmExtractor2013'].push(outcome(e, i, r.rhythmBpm, essKey, sec, r.rhythmMs + r.keyMs))
      results['essentia Percival'].push(outcome(e, i, r.percivalBpm, essKey, sec, r.percivalMs + r.keyMs))
      line += ` | ess ${r.rhythmBpm.toFixed(1).padStart(6)} perc ${r.percivalBpm.toFixed(1).padStart(6)}`
    }
    const ok = e.bpm === null ? ' ' : acc1(a.tempo.bpm, e.bpm) ? '✓' : acc2(a.tempo.bpm, e.bpm) ? '2' : '✗'
    if (verbose || ok === '✗') console.error(`${ok} ${line}`)
  }
  const split = flag('split') !== undefined
  for (const [name, rows] of Object.entries(results)) {
    if (!rows.length) continue
    console.log(`\n${name}`)
    console.log(formatTable(summarise(rows, split)))
  }
}

interface EssentiaResult {
  rhythmBpm: number
  rhythmMs: number
  percivalBpm: number
  percivalMs: number
  key: string
  scale: string
  keyMs: number
}

let essentia: EssentiaApi | undefined

function cacheKey(e: CorpusEntry): string {
  const st = statSync(e.file)
  return `${e.id}:${st.size}:${Math.round(st.mtimeMs)}`
}

async function essentiaOn(
  e: CorpusEntry,
  cache: Record<string, EssentiaResult>,
  cachePath: string,
  noCache: boolean,
): Promise<EssentiaResult> {
  const id = cacheKey(e)
  if (cache[id] && !noCache) return cache[id]
  essentia ??= loadEssentia()
  const hi = await decodeAudio(e.file, { sampleRate: ESSENTIA_RATE })
  let t = performance.now()
  const v = essentia.arrayToVector(hi.samples)
  const rhythm = essentia.RhythmExtractor2013(v, 208, 'multifeature', 40)
  const rhythmMs = performance.now() - t
  t = performance.now()
  const perc = essentia.PercivalBpmEstimator(v, 1024, 2048, 128, 128, 210, 50, ESSENTIA_RATE)
  const percivalMs = performance.now() - t
  t = performance.now()
  const k = essentia.KeyExtractor(v, true, 4096, 4096, 12, 3500, 60, 25, 0.2, 'temperley', ESSENTIA_RATE, 0.0001, 440)
  const keyMs = performance.now() - t
  const r = { rhythmBpm: rhythm.bpm, rhythmMs, percivalBpm: perc.bpm, percivalMs, key: k.key, scale: k.scale, keyMs }
  cache[id] = r
  writeFileSync(cachePath, JSON.stringify(cache))
  return r
}

function outcome(
  e: CorpusEntry,
  index: number,
  bpm: number,
  key: { tonic: string; mode: string },
  sec: number,
  ms: number,
): Outcome {
  return {
    group: e.group,
    index,
    tempo: e.bpm === null ? undefined : { acc1: acc1(bpm, e.bpm), acc2: acc2(bpm, e.bpm) },
    key: e.key === null ? undefined : keyScore(key, e.key),
    seconds: sec,
    ms,
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2))
