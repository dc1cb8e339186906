// The services' analysis path on a real upload: concurrent callers share one worker analysis (each
// gets every partial, in order), a caller may leave alone, and the result is cached in SQLite.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testConfig } from '../src/config.ts'
import { AppError } from '../src/errors.ts'
import { silentLogger } from '../src/logger.ts'
import { createServices } from '../src/services.ts'
import type { AnalysisPartial } from '../src/audio/types.ts'
import { nothingSource } from './helpers/app.ts'
import { renderTestSong } from './helpers/songs.ts'
import { writeWav } from './helpers/wav.ts'
import { registry } from '../src/metrics.ts'

const doneCount = async () =>
  Number(/^mus2pic_analyses_total\{result="done"\} (\d+)/m.exec(await registry.metrics())?.[1] ?? 0)

test('five concurrent analyses of one track run once, each gets all partials; one caller leaves alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-services-'))
  const services = await createServices(testConfig(dir), silentLogger, { source: nothingSource })
  try {
    const wav = join(dir, 'in.wav')
    await writeWav(wav, renderTestSong({ bpm: 100, tonic: 'A', mode: 'minor', seconds: 30, loud: true }), 22050)
    const { audioId } = await services.ingest.putUpload(wav, 'in.wav')
    const track = await services.pipeline.fetchTrack({ audioId }, {})
    const before = await doneCount()
    const kinds: AnalysisPartial['kind'][][] = Array.from({ length: 5 }, () => [])
    const leaver = new AbortController()
    const left = services.analyseTrack(track, { signal: leaver.signal })
    const calls = kinds.map((k) => services.analyseTrack(track, { onPartial: (p) => k.push(p.kind) }))
    leaver.abort()
    await assert.rejects(left, (e) => e instanceof AppError && e.code === 'CANCELLED')
    const results = await Promise.all(calls)
    assert.equal((await doneCount()) - before, 1, 'one analysis ran')
    for (const r of results) assert.deepEqual(r.analysis, results[0].analysis)
    assert.ok(Math.abs(results[0].analysis.tempo.bpm - 100) <= 4, `bpm ${results[0].analysis.tempo.bpm}`)
    for (const k of kinds) assert.deepEqual(k, ['duration', 'tempo', 'key', 'energy', 'mood'])
    assert.deepEqual(
      results.map((r) => r.timings.analysisShared ?? 0),
      [1, 1, 1, 1, 1],
      'the leaver started the run; the five joined it, and it went on after the leaver left',
    )
    assert.equal(services.analysisIsFree({ audioId }), true, 'cached now')
    const again = await services.analyseInput({ audioId })
    assert.equal(again.timings.analysisCached, 1)
    assert.equal((await doneCount()) - before, 1)
  } finally {
    await services.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
