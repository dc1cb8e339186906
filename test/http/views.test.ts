import { test } from 'node:test'
import assert from 'node:assert/strict'
import { posterView } from '../../src/http/views.ts'
import type { PosterRecord } from '../../src/store/index.ts'

const row = (over: Partial<PosterRecord>): PosterRecord => ({
  id: 1,
  jobId: 'j',
  idx: 0,
  audioId: null,
  title: 't',
  author: 'a',
  style: 'ukiyo-e',
  size: 'portrait',
  engine: 'sketch',
  seed: 1,
  prompt: 'ukiyo-e woodblock print, edo period style, a moonlit forest, serene calm',
  bpm: 90,
  tonic: 'A',
  mode: 'minor',
  mood: 'calm',
  palette: [],
  width: 10,
  height: 15,
  pngPath: '/x.png',
  thumbPath: '/x.webp',
  bytes: 1,
  favourite: false,
  createdAt: '2026-01-01',
  subtitle: '',
  artPath: null,
  artSvgPath: null,
  upscaled: false,
  compose: null,
  ...over,
})

test('poster views say whether the picture depicts its prompt', () => {
  assert.equal(posterView(row({})).depicts, true, 'a sketch that draws the forest')
  assert.equal(posterView(row({ prompt: 'ukiyo-e woodblock print, a spiral staircase in shadow' })).depicts, false)
  assert.equal(posterView(row({ style: 'swiss' })).depicts, false, 'abstract styles draw no subject')
  assert.equal(posterView(row({ engine: 'lcm', style: 'swiss' })).depicts, true, 'AI engines draw the prompt')
})
