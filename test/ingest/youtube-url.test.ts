import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AppError } from '../../src/errors.ts'
import { canonicalYouTubeUrl, parseYouTubeUrl } from '../../src/ingest/youtube-url.ts'

import { accepted, ID, ID2, rejected } from './youtube-url-table.ts'

for (const [input, id] of accepted) {
  test(`accepts ${JSON.stringify(input)} as ${id}`, () => {
    assert.equal(parseYouTubeUrl(input), id)
  })
}

for (const [input, why] of rejected) {
  test(`rejects ${why} with INVALID_URL`, () => {
    assert.throws(
      () => parseYouTubeUrl(input),
      (e: unknown) =>
        e instanceof AppError && e.code === 'INVALID_URL' && e.message.startsWith('not a YouTube video link: '),
    )
  })
}

test('canonicalYouTubeUrl builds the watch link and round-trips through the parser', () => {
  const url = canonicalYouTubeUrl(ID2)
  assert.equal(url, `https://www.youtube.com/watch?v=${ID2}`)
  assert.equal(parseYouTubeUrl(url), ID2)
})

test('canonicalYouTubeUrl refuses a malformed ID', () => {
  assert.throws(
    () => canonicalYouTubeUrl('short'),
    (e: unknown) => e instanceof AppError && e.code === 'INVALID_URL',
  )
})

test('the error message says why: a look-alike host is named', () => {
  assert.throws(
    () => parseYouTubeUrl(`https://youtube.com.evil.example/watch?v=${ID}`),
    /"youtube\.com\.evil\.example" is not a YouTube host/,
  )
})
