import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AppError } from '../../src/errors.ts'
import { canonicalYouTubeUrl, parseYouTubeUrl } from '../../src/ingest/youtube-url.ts'

const ID = 'dQw4w9WgXcQ'
const ID2 = 'a-B_c1D2e3F'

const accepted: [string, string][] = [
  [`https://www.youtube.com/watch?v=${ID}`, ID],
  [`http://www.youtube.com/watch?v=${ID}`, ID],
  [`https://youtube.com/watch?v=${ID}`, ID],
  [`https://m.youtube.com/watch?v=${ID}`, ID],
  [`https://music.youtube.com/watch?v=${ID}&feature=share`, ID],
  [`https://gaming.youtube.com/watch?v=${ID}`, ID],
  [`https://WWW.YouTube.com/watch?v=${ID}`, ID],
  [`https://www.youtube.com/watch?v=${ID}&t=42s`, ID],
  [`https://www.youtube.com/watch?v=${ID}&list=PL1234567890abcdef&index=3`, ID],
  [`https://www.youtube.com/watch?feature=youtu.be&v=${ID}`, ID],
  [`https://www.youtube.com/watch?v=${ID}#t=1m2s`, ID],
  [`https://youtu.be/${ID}`, ID],
  [`https://youtu.be/${ID}?si=AbCdEfGhIjKlMnOp`, ID],
  [`https://youtu.be/${ID}?t=30`, ID],
  [`youtu.be/${ID}`, ID],
  [`www.youtube.com/watch?v=${ID}`, ID],
  [`youtube.com/watch?v=${ID}`, ID],
  [`https://www.youtube.com/shorts/${ID}`, ID],
  [`https://youtube.com/shorts/${ID}?feature=share`, ID],
  [`https://www.youtube.com/embed/${ID}?start=10`, ID],
  [`https://www.youtube-nocookie.com/embed/${ID}`, ID],
  [`https://www.youtube.com/live/${ID}?si=xyz`, ID],
  [`https://www.youtube.com/v/${ID}`, ID],
  [`https://www.youtube.com/e/${ID}`, ID],
  [`https://www.youtube.com/watch/?v=${ID}`, ID],
  [`  https://youtu.be/${ID}\n`, ID],
  [ID, ID],
  [`  ${ID2}  `, ID2],
  [`https://www.youtube.com/watch?v=${ID2}`, ID2],
]

const rejected: [string, string][] = [
  ['', 'empty'],
  ['   ', 'blank'],
  [`${ID}x`, '12-character bare ID'],
  [ID.slice(0, 10), '10-character bare ID'],
  [`https://www.youtube.com/watch?v=${ID}x`, '12-character ID is not truncated'],
  [`https://youtu.be/${ID}x`, '12-character short link'],
  [`https://www.youtube.com/watch?v=dQw4w9WgXc!`, 'bad character in ID'],
  [`https://www.youtube.com/watch?v=`, 'empty v'],
  [`https://www.youtube.com/watch`, 'no v'],
  [`https://youtube.com.evil.example/watch?v=${ID}`, 'look-alike suffix host'],
  [`https://evil.example/youtube.com/watch?v=${ID}`, 'YouTube only in the path'],
  [`https://notyoutube.com/watch?v=${ID}`, 'look-alike prefix host'],
  [`https://youtube.co/watch?v=${ID}`, 'wrong TLD'],
  [`https://www.youtube.com@evil.example/watch?v=${ID}`, 'user@host trick'],
  [`https://user:pass@www.youtube.com/watch?v=${ID}`, 'credentials'],
  [`https://www.youtube.com:8080/watch?v=${ID}`, 'port'],
  [`ftp://www.youtube.com/watch?v=${ID}`, 'ftp scheme'],
  [`javascript:alert(1)//www.youtube.com/watch?v=${ID}`, 'javascript scheme'],
  [`file:///www.youtube.com/watch?v=${ID}`, 'file scheme'],
  ['https://www.youtube.com/playlist?list=PL1234567890abcdef', 'playlist without a video'],
  ['https://www.youtube.com/channel/UC1234567890abcdefghij', 'channel'],
  ['https://www.youtube.com/@somechannel', 'channel handle'],
  ['https://www.youtube.com/', 'home page'],
  [`https://www.youtube.com/shorts/${ID}/extra`, 'extra path segment'],
  [`https://youtu.be/${ID}/more`, 'extra short-link segment'],
  [`https://www.youtube.com/watch?v=${ID} trailing words`, 'spaces inside'],
  [`https://www.youtube.com/watch?v=${ID}&x=${'a'.repeat(2100)}`, 'over 2 KB'],
  ['not a url at all', 'prose'],
  ['https://', 'scheme only'],
]

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
