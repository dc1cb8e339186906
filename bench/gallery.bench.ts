// Gallery query latency with 10,000 posters in SQLite: keyset pages with and without filters and
// FTS5 text search, p50/p99 over many queries (target p99 < 10 ms).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Report } from './run.ts'
import { openStore, type PosterFilter } from '../src/store/index.ts'
import { listStyles } from '../src/prompt/index.ts'

const STYLES = listStyles().map((s) => s.id)
const TONICS = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']
const MOODS = ['euphoric', 'energetic', 'tense', 'dark', 'melancholic', 'calm', 'dreamy', 'warm']
const WORDS = ['night', 'river', 'neon', 'heart', 'summer', 'ghost', 'city', 'gold', 'echo', 'storm', 'velvet', 'moon']

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

export default async function (report: Report) {
  report.section('Gallery: SQLite with 10,000 posters (target p99 < 10 ms)')
  const dir = mkdtempSync(join(tmpdir(), 'm2p-bench-gallery-'))
  const store = openStore(dir)
  let seed = 1
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)]
  const t0 = performance.now()
  store.db.transaction(() => {
    for (let j = 0; j < 2500; j++) {
      const jobId = `j_bench${String(j).padStart(8, '0')}0000000000`
      store.jobs.create(jobId, {}, {})
      const title = `${pick(WORDS)} ${pick(WORDS)}`
      for (let i = 0; i < 4; i++) {
        store.posters.insert({
          jobId,
          idx: i,
          audioId: null,
          title,
          author: `${pick(WORDS)} band`,
          style: pick(STYLES),
          size: 'portrait',
          engine: rnd() < 0.8 ? 'sketch' : 'lcm',
          seed: i,
          prompt: 'p',
          bpm: 60 + rnd() * 120,
          tonic: pick(TONICS),
          mode: rnd() < 0.5 ? 'major' : 'minor',
          mood: pick(MOODS),
          palette: ['#000000'],
          width: 1024,
          height: 1536,
          pngPath: `posters/${jobId}/${i}.png`,
          thumbPath: `posters/${jobId}/${i}.thumb.webp`,
          bytes: 1,
        })
      }
    }
  })()
  report.row('insert 10,000 posters (one transaction)', `${(performance.now() - t0).toFixed(0)} ms`)
  const queries: [string, () => PosterFilter][] = [
    ['first page, no filter', () => ({ limit: 24 })],
    ['deep page (keyset before=)', () => ({ limit: 24, before: 1 + Math.floor(rnd() * 9000) })],
    ['style + BPM range', () => ({ style: pick(STYLES), bpmMin: 100, bpmMax: 130, limit: 24 })],
    ['key + mode + mood', () => ({ tonic: pick(TONICS), mode: 'minor', mood: pick(MOODS), limit: 24 })],
    ['favourites only', () => ({ favourite: true, limit: 24 })],
    ['text search (FTS5 prefix)', () => ({ q: pick(WORDS).slice(0, 3), limit: 24 })],
    ['text search + style + engine', () => ({ q: pick(WORDS), style: pick(STYLES), engine: 'sketch', limit: 24 })],
  ]
  for (let i = 0; i < 300; i++) store.posters.setFavourite(1 + Math.floor(rnd() * 10000), true)
  for (const [name, make] of queries) {
    const times: number[] = []
    for (let i = 0; i < 50; i++) store.posters.list(make()) // warm up
    for (let i = 0; i < 1000; i++) {
      const f = make()
      const s = performance.now()
      store.posters.list(f)
      times.push(performance.now() - s)
    }
    times.sort((a, b) => a - b)
    report.row(
      `${name}: p50 / p99`,
      `${percentile(times, 50).toFixed(3)} / ${percentile(times, 99).toFixed(3)} ms`,
      percentile(times, 99) < 10 ? 'ok' : 'OVER TARGET',
    )
  }
  store.close()
  rmSync(dir, { recursive: true, force: true })
}
