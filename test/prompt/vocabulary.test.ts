import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  bandWords,
  compositionWords,
  mappingTableMarkdown,
  salience,
  subjectPool,
  SUBJECTS,
  TEMPO_WORDS,
  VIEWPOINTS,
} from '../../src/prompt/vocabulary.ts'
import type { PromptFeatures } from '../../src/prompt/types.ts'

const F: PromptFeatures = {
  bpm: 112,
  tonic: 'C',
  mode: 'major',
  energy: 0.5,
  valence: -0.2,
  arousal: 0,
  brightness: 0.5,
  danceability: 0.5,
  dynamicRangeDb: 9,
  mood: 'calm',
  sections: [],
  durationSec: 180,
}

test('tempo bands switch at 75, 100, 125 and 150 BPM', () => {
  assert.deepEqual(
    [30, 74.9, 75, 99, 100, 124, 125, 149, 150, 300].map((b) => bandWords(TEMPO_WORDS, b).split(' ')[0]),
    ['slow', 'slow', 'gently', 'gently', 'steady', 'steady', 'driving', 'driving', 'frenetic', 'frenetic'],
  )
})

test('composition follows the sections: count, contrast and where the peak falls', () => {
  assert.match(compositionWords([0.5]), /single centred subject/)
  assert.match(compositionWords([0.2, 0.3, 0.9, 0.8]), /dramatic build/)
  assert.match(compositionWords([0.9, 0.3, 0.2, 0.25]), /bold contrast/)
  assert.match(compositionWords([0.5, 0.55, 0.5, 0.6, 0.5]), /rhythmic panels/)
  assert.match(compositionWords([0.5, 0.55, 0.5]), /layered horizontal bands/)
})

test('every subject pool holds eight distinct subjects, enough for eight variations', () => {
  for (const tier of Object.values(SUBJECTS))
    for (const pool of Object.values(tier)) assert.equal(new Set(pool).size, 8)
  assert.equal(new Set(VIEWPOINTS).size, 8)
  assert.equal(subjectPool({ energy: 0.1, valence: -0.5, mode: 'minor' }), SUBJECTS.calm.dark)
  assert.equal(subjectPool({ energy: 0.9, valence: 0.5, mode: 'major' }), SUBJECTS.high.bright)
  assert.equal(
    subjectPool({ energy: 0.5, valence: 0.1, mode: 'minor' }),
    SUBJECTS.mid.dark,
    'minor pulls a slightly happy track to the dark side',
  )
})

test('salience is 0 for neutral values and 1 at the extremes', () => {
  assert.deepEqual(salience(F), { tempo: 0, energy: 0, warmth: 0, light: 0, dance: 0, dynamics: 0 })
  const s = salience({ ...F, bpm: 300, energy: 1, valence: 1, brightness: 0, danceability: 1, dynamicRangeDb: 60 })
  assert.deepEqual(s, { tempo: 1, energy: 1, warmth: 1, light: 1, dance: 1, dynamics: 1 })
})

test('the README mapping table has a row per feature with the words the prompts use', () => {
  const md = mappingTableMarkdown()
  const rows = md.split('\n')
  assert.equal(rows[0], '| feature | range | words |')
  assert.equal(rows.length, 2 + 10)
  assert.equal(rows[1], '|---|---|---|')
  for (const r of rows.slice(2)) assert.equal(r.split(' | ').length, 3, r)
  for (const w of [
    'slow drifting motion',
    'frenetic racing motion',
    'explosive, intense',
    'dense edge-to-edge forms',
    'warm golden tones',
    'dancing figures',
    'wistful melancholy',
  ])
    assert.ok(md.includes(w), w)
})
