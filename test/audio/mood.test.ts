import { test } from 'node:test'
import assert from 'node:assert/strict'
import { estimateMood, moodLabelOf, danceabilityOf } from '../../src/audio/mood.ts'
import { formatAnalysisSummary, analysisToContractJson } from '../../src/audio/format.ts'
import type { AudioAnalysis, EnergyResult, KeyResult, SpectralResult, TempoResult } from '../../src/audio/types.ts'

const tempo = (bpm: number, confidence: number): TempoResult => ({
  bpm,
  confidence,
  curve: [
    { t: 5, bpm },
    { t: 9, bpm },
  ],
  beats: [0.5, 1],
  candidates: [{ bpm, score: 1 }],
  alternatives: [],
})
const key = (mode: 'major' | 'minor'): KeyResult => ({
  tonic: 'A',
  mode,
  confidence: 0.8,
  camelot: mode === 'major' ? '11B' : '8A',
  chroma: new Array(12).fill(0.5),
})
const energy = (level: number): EnergyResult => ({
  rmsMean: level / 4,
  level,
  loudnessDb: level * 54 - 60,
  dynamicRangeDb: 6,
  curve: [level],
})
const spectral = (brightness: number): SpectralResult => ({
  centroidHz: 250 * 2 ** (4 * brightness),
  rolloffHz: 5000,
  flatness: 0.1,
  zcr: 0.05,
  brightness,
  mfcc: [],
})

test('labels a loud, fast, bright major track euphoric and a quiet, slow, dark minor one melancholic', () => {
  const up = estimateMood(tempo(140, 0.9), key('major'), energy(0.9), spectral(0.8))
  const down = estimateMood(tempo(66, 0.2), key('minor'), energy(0.25), spectral(0.15))
  assert.equal(up.label, 'euphoric')
  assert.equal(down.label, 'melancholic')
  assert.ok(
    up.arousal > 0.35 && up.valence > 0.2 && down.arousal < -0.2 && down.valence < -0.2,
    JSON.stringify({ up, down }),
  )
})

test('follows every cell of the documented arousal/valence table', () => {
  assert.equal(moodLabelOf(0.6, -0.5, 0.5), 'tense')
  assert.equal(moodLabelOf(0.6, 0, 0.5), 'energetic')
  assert.equal(moodLabelOf(0, -0.5, 0.5), 'dark')
  assert.equal(moodLabelOf(0, 0.5, 0.5), 'warm')
  assert.equal(moodLabelOf(0, 0, 0.2), 'dreamy')
  assert.equal(moodLabelOf(-0.5, 0.5, 0), 'calm')
  assert.equal(moodLabelOf(-0.5, 0, 0), 'dreamy')
})

test('rates a clear 120 BPM beat more danceable than the same beat at 200 BPM or a weak one', () => {
  const d120 = danceabilityOf(tempo(120, 0.9), 0.9)
  assert.ok(d120 > danceabilityOf(tempo(200, 0.9), 0.9) + 0.1)
  assert.ok(d120 > danceabilityOf(tempo(120, 0.2), 0.2) + 0.3)
  assert.ok(d120 <= 1 && d120 > 0.8, `${d120}`)
})

test('formats a summary and a contract JSON with tempo, key, energy, mood and timings', () => {
  const a: AudioAnalysis = {
    version: 1,
    durationSec: 200,
    sampleRate: 44100,
    tempo: tempo(128, 0.82),
    key: key('minor'),
    energy: energy(0.7),
    spectral: spectral(0.5),
    mood: estimateMood(tempo(128, 0.82), key('minor'), energy(0.7), spectral(0.5)),
    sections: [{ start: 0, end: 200, energy: 0.7, label: 'mid' }],
    waveform: [0.5],
    timings: { featuresMs: 100, tempoMs: 200, keyMs: 50, moodMs: 1, totalMs: 400 },
  }
  const text = formatAnalysisSummary(a)
  assert.match(text, /Tempo +128\.0 BPM, confidence 0\.82/)
  assert.match(text, /Key +A minor \(8A\)/)
  assert.match(text, /Duration +3:20/)
  const json = analysisToContractJson(a) as any
  assert.deepEqual(
    Object.keys(json).filter((k) => ['durationSec', 'tempo', 'key', 'energy', 'mood', 'timings'].includes(k)).length,
    6,
  )
  assert.equal(json.tempo.bpm, 128)
  assert.equal(json.key.tonic, 'A')
  assert.equal(json.energy.curve, undefined)
  assert.deepEqual((analysisToContractJson(a, { full: true }) as any).energy.curve, [0.7])
  assert.deepEqual(JSON.parse(JSON.stringify(json)), json)
})
