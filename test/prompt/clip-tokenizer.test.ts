import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import {
  cleanText,
  clipVocabulary,
  getClipTokenizer,
  loadClipTokenizer,
  tokenizerFromMerges,
  EOS,
} from '../../src/prompt/clip-tokenizer.ts'
import { listStyles } from '../../src/prompt/styles.ts'
import type { AppError } from '../../src/errors.ts'

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
  assert.deepEqual(tok.encode('Hello&#44; world&excl;'), REFERENCE[1][1])
})

test('unescapes like Python html.unescape applied twice (the reference basic_clean)', () => {
  // expected strings printed by python3: html.unescape(html.unescape(s)).lower()
  const cases: [string, string][] = [
    ['a &amp;excl; b', 'a ! b'],
    ['x &notin y', 'x ¬in y'],
    ['&AMP;&Aacute;&#x1F600;&#0;', '&á😀\ufffd'],
  ]
  for (const [input, expected] of cases) assert.equal(cleanText(input), expected, input)
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

const MERGES = gunzipSync(readFileSync(new URL('../../models/clip/bpe_simple_vocab_16e6.txt.gz', import.meta.url)))
  .toString('utf8')
  .split('\n')
  .slice(1, 48895)

/** Writes a tokenizer folder the way optimum/HF export it; `edit` may change the vocab first. */
function writeModelFolder(edit?: (vocab: Record<string, number>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-tok-'))
  const vocab = Object.fromEntries(clipVocabulary(MERGES).map((v, i) => [v, i]))
  edit?.(vocab)
  writeFileSync(join(dir, 'vocab.json'), JSON.stringify(vocab))
  writeFileSync(join(dir, 'merges.txt'), ['#version: 0.2', ...MERGES, ''].join('\r\n'))
  return dir
}

test('a model folder vocab.json + merges.txt gives the same IDs as the bundled vocabulary', () => {
  assert.equal(clipVocabulary(MERGES).length, 49408)
  const ref = tokenizerFromMerges(MERGES)
  const dir = writeModelFolder()
  try {
    const fromDir = loadClipTokenizer({ dir })
    const texts = [
      ...REFERENCE.map((r) => r[0]),
      'synthwave neon grid, 128 BPM — café déjà vu 🎵',
      ...listStyles().flatMap((s) => [...s.medium, ...s.motifs, s.description]),
    ]
    for (const text of texts) assert.deepEqual(fromDir.encode(text), ref.encode(text), text)
    for (const [text, ids] of REFERENCE) assert.deepEqual(fromDir.encode(text), ids, text)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a half-copied or non-CLIP tokenizer folder is refused with MODEL_INVALID', () => {
  const half = writeModelFolder()
  const foreign = writeModelFolder((v) => {
    delete v['<|startoftext|>']
  })
  try {
    rmSync(join(half, 'merges.txt'))
    assert.throws(
      () => loadClipTokenizer({ dir: half }),
      (e: AppError) => e.code === 'MODEL_INVALID' && /not merges\.txt/.test(e.message),
    )
    assert.throws(
      () => loadClipTokenizer({ dir: foreign }),
      (e: AppError) => e.code === 'MODEL_INVALID' && /49406/.test(e.message),
    )
    // a folder with neither file falls back to the bundled vocabulary
    rmSync(join(half, 'vocab.json'))
    assert.deepEqual(loadClipTokenizer({ dir: half }).encode(REFERENCE[0][0]), REFERENCE[0][1])
  } finally {
    rmSync(half, { recursive: true, force: true })
    rmSync(foreign, { recursive: true, force: true })
  }
})

test('unicode, emoji and digits tokenize without errors', () => {
  const ids = getClipTokenizer().encode('Café 2049 🎵 東京')
  assert.ok(ids.length > 6)
  assert.ok(ids.every((id) => Number.isInteger(id) && id >= 0 && id < 49408))
})
