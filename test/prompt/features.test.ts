import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { AudioAnalysis } from '../../src/audio/types.ts'
import type { AppError } from '../../src/errors.ts'
import { featuresFromAnalysis, parsePromptFeatures, PromptFeaturesSchema } from '../../src/prompt/features.ts'
import type { PromptFeatures } from '../../src/prompt/types.ts'

const GOOD: PromptFeatures = {
  bpm: 128,
  tonic: 'F#',
  mode: 'minor',
  energy: 0.7,
  valence: -0.2,
  arousal: 0.4,
  brightness: 0.55,
  danceability: 0.8,
  dynamicRangeDb: 7,
  mood: 'energetic',
  sections: [0.2, 0.7, 0.9],
  durationSec: 210,
}

test('schema rejects out-of-range values, unknown notes and unknown keys, naming each', () => {
  const r = PromptFeaturesSchema.safeParse({
    ...GOOD,
    bpm: 1000,
    tonic: 'H',
    energy: -0.1,
    sections: [0.5, 2],
    colour: 'red',
  })
  assert.equal(r.success, false)
  const byPath = new Map(r.error!.issues.map((i) => [i.path.join('.'), i]))
  assert.ok(
    byPath.has('bpm') && byPath.has('tonic') && byPath.has('energy') && byPath.has('sections.1'),
    [...byPath.keys()].join(','),
  )
  const unknown = r.error!.issues.find((i) => i.code === 'unrecognized_keys')
  assert.deepEqual((unknown as { keys: string[] } | undefined)?.keys, ['colour'])
})

test('schema refuses non-finite numbers and more than 32 sections', () => {
  for (const bad of [
    { bpm: Number.NaN },
    { valence: Infinity },
    { sections: new Array(33).fill(0.5) },
    { mood: 'angry' },
    { mode: 'dorian' },
  ]) {
    assert.equal(PromptFeaturesSchema.safeParse({ ...GOOD, ...bad }).success, false, JSON.stringify(bad))
  }
  assert.deepEqual(PromptFeaturesSchema.parse(GOOD), GOOD)
})

test('schema fills optional dynamics, sections and duration with neutral defaults', () => {
  const { dynamicRangeDb: _d, sections: _s, durationSec: _t, ...required } = GOOD
  const f = PromptFeaturesSchema.parse(required)
  assert.equal(f.dynamicRangeDb, 8)
  assert.deepEqual(f.sections, [])
  assert.equal(f.durationSec, 0)
})

test('parsePromptFeatures throws INVALID_INPUT listing every bad field', () => {
  assert.throws(
    () => parsePromptFeatures({ ...GOOD, bpm: 1000, tonic: 'H' }),
    (e: AppError) =>
      e.code === 'INVALID_INPUT' && /bpm: /.test(e.message) && /tonic: /.test(e.message) && e.status === 400,
  )
  assert.throws(
    () => parsePromptFeatures('128 bpm'),
    (e: AppError) => e.code === 'INVALID_INPUT' && /\(features\)/.test(e.message),
  )
})

function analysis(over: { bpm: number; level: number; valence: number; sections: number }): AudioAnalysis {
  return {
    version: 1,
    durationSec: 187.26,
    sampleRate: 22050,
    tempo: { bpm: over.bpm, confidence: 0.8, curve: [], beats: [], candidates: [], alternatives: [61.76, 247.04, 350] },
    key: { tonic: 'D', mode: 'major', confidence: 0.7, camelot: '10B', chroma: new Array(12).fill(0.5) },
    energy: { rmsMean: 0.2, level: over.level, loudnessDb: -9, dynamicRangeDb: 11.04, curve: [] },
    spectral: { centroidHz: 2400, rolloffHz: 6000, flatness: 0.1, zcr: 0.05, brightness: 0.61234, mfcc: [] },
    mood: { arousal: 0.3, valence: over.valence, label: 'warm', danceability: 0.66, beatStrength: 0.5 },
    sections: Array.from({ length: over.sections }, (_, i) => ({
      start: i * 5,
      end: i * 5 + 5,
      energy: (i % 10) / 10,
      label: 'mid' as const,
    })),
    waveform: [],
    timings: { featuresMs: 0, tempoMs: 0, keyMs: 0, moodMs: 0, totalMs: 0 },
  }
}

test('featuresFromAnalysis rounds, clamps into the schema ranges and keeps at most 32 sections', () => {
  const f = featuresFromAnalysis(analysis({ bpm: 123.456, level: 0.71234, valence: 0.25, sections: 5 }))
  assert.deepEqual(f, {
    bpm: 123.5,
    bpmAlternatives: [61.8, 247, 300],
    tonic: 'D',
    mode: 'major',
    energy: 0.712,
    valence: 0.25,
    arousal: 0.3,
    brightness: 0.612,
    danceability: 0.66,
    dynamicRangeDb: 11,
    mood: 'warm',
    sections: [0, 0.1, 0.2, 0.3, 0.4],
    durationSec: 187.3,
  })
  const wild = featuresFromAnalysis(analysis({ bpm: 612, level: 1.4, valence: -3, sections: 40 }))
  assert.equal(wild.bpm, 300)
  assert.equal(wild.energy, 1)
  assert.equal(wild.valence, -1)
  assert.equal(wild.sections.length, 32)
  assert.equal(PromptFeaturesSchema.safeParse(wild).success, true)
})
