import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderDrumLoop, renderSong } from '../helpers/synth.ts'
import { analyseAudio, ANALYSIS_VERSION, type AnalysisPartial, type AudioAnalysis } from '../../src/audio/index.ts'
import { AppError } from '../../src/errors.ts'

const SR = 22050

function assertAllFinite(value: unknown, path = 'analysis'): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} = ${value}`)
  else if (Array.isArray(value)) value.forEach((v, i) => assertAllFinite(v, `${path}[${i}]`))
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) assertAllFinite(v, `${path}.${k}`)
}

test('analyses 8 s of silence with every number finite and zero energy', async () => {
  const a = await analyseAudio({ samples: new Float32Array(SR * 8), sampleRate: SR })
  assertAllFinite(a)
  assert.equal(a.energy.level, 0)
  assert.equal(a.tempo.confidence, 0)
  assert.equal(a.mood.beatStrength, 0)
})

test('rejects 2 s of audio with AUDIO_TOO_SHORT', async () => {
  await assert.rejects(
    analyseAudio({ samples: new Float32Array(SR * 2), sampleRate: SR }),
    (e: unknown) => e instanceof AppError && e.code === 'AUDIO_TOO_SHORT',
  )
})

test('rejects a zero sample rate with INVALID_AUDIO', async () => {
  await assert.rejects(
    analyseAudio({ samples: new Float32Array(SR * 5), sampleRate: 0 }),
    (e: unknown) => e instanceof AppError && e.code === 'INVALID_AUDIO',
  )
})

test('reports partials in order duration, tempo, key, energy, mood before resolving', async () => {
  const kinds: AnalysisPartial['kind'][] = []
  let resolvedBeforeMood = false
  const a = await analyseAudio(
    { samples: renderDrumLoop({ bpm: 110, seconds: 10, bass: true }), sampleRate: SR },
    {
      onPartial: (p) => {
        kinds.push(p.kind)
        if (p.kind === 'tempo') assert.ok(Math.abs(p.tempo.bpm - 110) <= 4.4, `partial tempo ${p.tempo.bpm}`)
      },
    },
  ).then((r) => {
    resolvedBeforeMood = !kinds.includes('mood')
    return r
  })
  assert.deepEqual(kinds, ['duration', 'tempo', 'key', 'energy', 'mood'])
  assert.equal(resolvedBeforeMood, false)
  assert.equal(a.version, ANALYSIS_VERSION)
  assert.ok(a.timings.totalMs > 0 && a.timings.tempoMs > 0 && a.timings.totalMs >= a.timings.tempoMs)
})

test('stops with CANCELLED when the signal aborts after the tempo partial', async () => {
  const ac = new AbortController()
  const seen: string[] = []
  await assert.rejects(
    analyseAudio(
      { samples: renderDrumLoop({ bpm: 100, seconds: 6 }), sampleRate: SR },
      {
        signal: ac.signal,
        onPartial: (p) => {
          seen.push(p.kind)
          if (p.kind === 'tempo') ac.abort()
        },
      },
    ),
    (e: unknown) => e instanceof AppError && e.code === 'CANCELLED',
  )
  assert.deepEqual(seen, ['duration', 'tempo'])
})

test('gives 200-point energy and waveform curves for a 60 s track', async () => {
  const a: AudioAnalysis = await analyseAudio({ samples: renderSong(60), sampleRate: SR })
  assert.equal(a.energy.curve.length, 200)
  assert.equal(a.waveform.length, 200)
  for (const v of [...a.energy.curve, ...a.waveform]) assert.ok(v >= 0 && v <= 1)
  assert.ok(Math.abs(a.tempo.bpm - 124) <= 124 * 0.04, `tempo ${a.tempo.bpm}`)
  assert.equal(`${a.key.tonic} ${a.key.mode}`, 'A minor')
  assert.equal(a.sections[0].start, 0)
  assert.equal(a.sections.at(-1)!.end, a.durationSec)
})

test('resamples 44.1 kHz input and finds the same tempo as at 22.05 kHz', async () => {
  const x = renderDrumLoop({ bpm: 132, seconds: 10, sampleRate: 44100, style: 'four-on-floor' })
  const a = await analyseAudio({ samples: x, sampleRate: 44100 })
  assert.equal(a.sampleRate, 44100)
  assert.ok(Math.abs(a.durationSec - 10) < 0.01)
  assert.ok(Math.abs(a.tempo.bpm - 132) <= 132 * 0.04, `tempo ${a.tempo.bpm}`)
})
