// The analysis worker pool on generated WAV files: same numbers as the in-thread analysis, partial
// results in order, cancellation frees the worker, a crashed worker is replaced, a full queue is BUSY.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAnalysisPool, type AnalysisPool } from '../../src/audio/analysis-pool.ts'
import { analyseAudio } from '../../src/audio/analyse.ts'
import { decodeAudio } from '../../src/audio/decode.ts'
import type { AnalysisPartial } from '../../src/audio/types.ts'
import { AppError } from '../../src/errors.ts'
import { renderTestSong } from '../helpers/songs.ts'
import { writeWav } from '../helpers/wav.ts'

const sr = 22050
const dir = mkdtempSync(join(tmpdir(), 'm2p-pool-'))
const song = join(dir, 'song.wav')
const long = join(dir, 'long.wav')
await writeWav(song, renderTestSong({ bpm: 124, tonic: 'D', mode: 'minor', seconds: 20, loud: true }), sr)
await writeWav(long, renderTestSong({ bpm: 96, tonic: 'G', mode: 'major', seconds: 90, loud: false }), sr)
test.after(() => rmSync(dir, { recursive: true, force: true }))

const codeOf = (e: unknown) => (e instanceof AppError ? e.code : String(e))
const withPool = async (
  o: Partial<Parameters<typeof createAnalysisPool>[0]>,
  fn: (p: AnalysisPool) => Promise<void>,
) => {
  const pool = createAnalysisPool({ size: 1, queueMax: 4, ...o })
  try {
    await fn(pool)
  } finally {
    await pool.close()
  }
}

test('a worker gives the same analysis as the main thread, with partials in order', async () => {
  const local = await analyseAudio(await decodeAudio(song))
  await withPool({}, async (pool) => {
    const partials: AnalysisPartial[] = []
    const r = await pool.analyse({ path: song }, { onPartial: (p) => partials.push(p) })
    const { timings: _a, ...inWorker } = r.analysis
    const { timings: _b, ...inThread } = local
    assert.deepEqual(inWorker, inThread)
    assert.deepEqual(
      partials.map((p) => p.kind),
      ['duration', 'tempo', 'key', 'energy', 'mood'],
    )
    const tempo = partials.find((p) => p.kind === 'tempo')
    assert.equal(tempo?.kind === 'tempo' && tempo.tempo.bpm, local.tempo.bpm)
    assert.ok(Math.abs(r.analysis.tempo.bpm - 124) <= 124 * 0.04, `bpm ${r.analysis.tempo.bpm}`)
    assert.ok(r.timings.decodeMs > 0 && r.timings.analysisMs > 0, JSON.stringify(r.timings))
    assert.deepEqual(pool.stats(), { size: 1, workers: 1, busy: 0, queued: 0, crashed: 0 })
  })
})

test('cancelling a running analysis rejects at once and frees the only worker for the next', async () => {
  await withPool({ cancelGraceMs: 100 }, async (pool) => {
    const ac = new AbortController()
    let abortedAt = 0
    const abort = () => {
      abortedAt ||= performance.now()
      ac.abort()
    }
    const running = pool.analyse({ path: long }, { signal: ac.signal, onPartial: abort })
    const next = pool.analyse({ path: song })
    assert.equal(pool.stats().queued, 1)
    await assert.rejects(running, (e) => codeOf(e) === 'CANCELLED')
    assert.ok(performance.now() - abortedAt < 50, 'the caller is released at once')
    const r = await next
    assert.equal(r.analysis.durationSec, 20)
    assert.equal(pool.stats().busy, 0)
    assert.equal(pool.stats().crashed, 0, 'a cancelled analysis is not a crash')
  })
})

test('a waiting analysis that is cancelled leaves the queue; an aborted signal never starts', async () => {
  await withPool({}, async (pool) => {
    const first = pool.analyse({ path: song })
    const ac = new AbortController()
    const waiting = pool.analyse({ path: song }, { signal: ac.signal })
    assert.equal(pool.stats().queued, 1)
    ac.abort()
    await assert.rejects(waiting, (e) => codeOf(e) === 'CANCELLED')
    assert.equal(pool.stats().queued, 0)
    await assert.rejects(
      pool.analyse({ path: song }, { signal: AbortSignal.abort() }),
      (e) => codeOf(e) === 'CANCELLED',
    )
    assert.equal((await first).analysis.durationSec, 20)
  })
})

test('a crashed worker rejects its call with ANALYSIS_FAILED and is replaced', async () => {
  const workerUrl = new URL('../helpers/crashing-analysis-worker.mjs', import.meta.url)
  await withPool({ workerUrl }, async (pool) => {
    const doomed = pool.analyse({ path: join(dir, 'any.crash') })
    const after = pool.analyse({ path: song }) // queued behind the crash, run by the replacement
    await assert.rejects(doomed, (e) => codeOf(e) === 'ANALYSIS_FAILED' && /code 7/.test((e as Error).message))
    assert.equal((await after).analysis.durationSec, 20)
    const s = pool.stats()
    assert.equal(s.crashed, 1)
    assert.equal(s.workers, 1)
  })
})

test('an idle worker exits after idleMs, and the next analysis starts a fresh one', async () => {
  await withPool({ idleMs: 50 }, async (pool) => {
    const first = await pool.analyse({ path: song })
    assert.equal(pool.stats().workers, 1)
    for (let i = 0; i < 100 && pool.stats().workers; i++) await new Promise((r) => setTimeout(r, 20))
    assert.deepEqual(pool.stats(), { size: 1, workers: 0, busy: 0, queued: 0, crashed: 0 })
    const second = await pool.analyse({ path: song })
    assert.equal(second.analysis.tempo.bpm, first.analysis.tempo.bpm)
  })
})

test('an error inside the worker keeps its code (a missing file is AUDIO_NOT_FOUND)', async () => {
  await withPool({}, async (pool) => {
    await assert.rejects(pool.analyse({ path: join(dir, 'missing.wav') }), (e) => codeOf(e) === 'AUDIO_NOT_FOUND')
    assert.equal(pool.stats().crashed, 0)
  })
})

test('beyond queueMax waiting analyses a call is refused with BUSY; close() settles the rest', async () => {
  const pool = createAnalysisPool({ size: 1, queueMax: 2 })
  const calls = [0, 1, 2].map(() => pool.analyse({ path: long }))
  const settled = Promise.allSettled(calls)
  await assert.rejects(pool.analyse({ path: song }), (e) => codeOf(e) === 'BUSY' && (e as AppError).status === 429)
  assert.deepEqual([pool.stats().busy, pool.stats().queued], [1, 2])
  await pool.close()
  const outcomes = await settled
  assert.deepEqual(
    outcomes.map((o) => o.status === 'rejected' && codeOf(o.reason)),
    ['CANCELLED', 'CANCELLED', 'CANCELLED'],
  )
  assert.equal(pool.stats().workers, 0)
  await assert.rejects(pool.analyse({ path: song }), (e) => codeOf(e) === 'BUSY')
})
