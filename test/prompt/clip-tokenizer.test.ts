import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { getClipTokenizer, loadClipTokenizer, tokenizerFromMerges, EOS } from '../../src/prompt/clip-tokenizer.ts'

// Reference IDs from OpenAI's tokenizer (shared/design/lcm-onnx.md).
const REFERENCE: [string, number[]][] = [
  ['a photo of a cat', [49406, 320, 1125, 539, 320, 2368, 49407]],
  ['Hello, world!', [49406, 3306, 267, 1002, 256, 49407]],
  ['', [49406, 49407]],
  ['An astronaut riding a horse', [49406, 550, 18376, 6765, 320, 4558, 49407]],
]

test('matches the reference token IDs', () => {
  const tok = getClipTokenizer()
  for (const [text, ids] of REFERENCE) assert.deepEqual(tok.encode(text), ids, text)
})

test('cleans whitespace, case and HTML entities like the reference', () => {
  const tok = getClipTokenizer()
  assert.deepEqual(tok.encode('  A   PHOTO\nof a\tCAT  '), REFERENCE[0][1])
  assert.deepEqual(tok.encode('Hello&#44; world&excl;'.replace('&excl;', '!')), REFERENCE[1][1])
})

test('model input is padded with EOS to 77 and truncated keeping EOS last', () => {
  const tok = getClipTokenizer()
  const short = tok.encodeForModel('a photo of a cat')
  assert.equal(short.length, 77)
  assert.deepEqual([...short.slice(0, 7)], REFERENCE[0][1])
  assert.ok(short.slice(7).every((v) => v === EOS))
  const long = tok.encodeForModel('cat '.repeat(200))
  assert.equal(long.length, 77)
  assert.equal(long[0], 49406)
  assert.equal(long[76], EOS)
  assert.equal(long[75], 2368)
  assert.equal(tok.countTokens('cat '.repeat(200)), 202)
})

test('a model folder vocab.json + merges.txt gives the same IDs as the bundled vocabulary', () => {
  const lines = gunzipSync(readFileSync(new URL('../../models/clip/bpe_simple_vocab_16e6.txt.gz', import.meta.url))).toString('utf8').split('\n').slice(1, 48895)
  const ref = tokenizerFromMerges(lines)
  // rebuild vocab.json the way HF writes it, from the reference encoder
  const encoder = (ref as unknown as { encoder: Map<string, number> }).encoder
  const dir = mkdtempSync(join(tmpdir(), 'm2p-tok-'))
  try {
    writeFileSync(join(dir, 'vocab.json'), JSON.stringify(Object.fromEntries(encoder)))
    writeFileSync(join(dir, 'merges.txt'), ['#version: 0.2', ...lines].join('\n'))
    const fromDir = loadClipTokenizer({ dir })
    for (const text of [...REFERENCE.map((r) => r[0]), 'synthwave neon grid, 128 BPM — café déjà vu 🎵']) assert.deepEqual(fromDir.encode(text), ref.encode(text), text)
    assert.equal(encoder.size, 49408)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('unicode, emoji and digits tokenize without errors', () => {
  const ids = getClipTokenizer().encode('Café 2049 🎵 東京')
  assert.ok(ids.length > 6)
  assert.ok(ids.every((id) => Number.isInteger(id) && id >= 0 && id < 49408))
})
