// Playlist links for batches: which links name a playlist, and expansion through a fake youtubei.js client
// (pages with continuations, repeats, bad IDs, the 25 cap, errors).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { AppError } from '../../src/errors.ts'
import { expandPlaylist, playlistIdOf, type PlaylistPage } from '../../src/ingest/playlist.ts'

const LIST = 'PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf'
const vid = (n: number) => `vid${String(n).padStart(8, '0')}`

/** A fake client serving `total` videos in pages of `per`, counting the pages it served. */
function fakeClient(total: number, per = 10, extra: { id?: string }[] = []) {
  let served = 0
  const page = (from: number): PlaylistPage => {
    served++
    const videos = Array.from({ length: Math.min(per, total - from) }, (_, i) => ({ id: vid(from + i) }))
    return {
      videos: from === 0 ? [...extra, ...videos] : videos,
      has_continuation: from + per < total,
      getContinuation: async () => page(from + per),
    }
  }
  return {
    client: { getPlaylist: async (id: string) => (id === LIST ? page(0) : Promise.reject(new Error('404'))) },
    pages: () => served,
  }
}

test('playlist links name their list; video links (even with a list) and other hosts do not', () => {
  assert.equal(playlistIdOf(`https://www.youtube.com/playlist?list=${LIST}`), LIST)
  assert.equal(playlistIdOf(`youtube.com/playlist?list=${LIST}&si=abc`), LIST)
  assert.equal(playlistIdOf(`https://music.youtube.com/playlist?list=${LIST}`), LIST)
  assert.equal(playlistIdOf(`https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=${LIST}`), null, 'one video is meant')
  assert.equal(playlistIdOf(`https://evil.example/playlist?list=${LIST}`), null)
  assert.equal(playlistIdOf(`https://www.youtube.com/playlist?list=x`), null, 'too short for a list ID')
  assert.equal(playlistIdOf('not a link'), null)
})

test('a long playlist expands to its first 25 videos, in order, reading only the pages it needs', async () => {
  const f = fakeClient(60, 10)
  const ids = await expandPlaylist(f.client, LIST)
  assert.deepEqual(
    ids,
    Array.from({ length: 25 }, (_, i) => vid(i)),
  )
  assert.equal(f.pages(), 3, 'pages of 10: the third reaches 25')
})

test('repeats and malformed IDs are skipped; a short playlist gives what it has', async () => {
  const f = fakeClient(3, 10, [{ id: vid(1) }, { id: 'bad' }, {}])
  assert.deepEqual(await expandPlaylist(f.client, LIST), [vid(1), vid(0), vid(2)])
})

test('an unreadable or empty playlist is VIDEO_UNAVAILABLE', async () => {
  await assert.rejects(
    expandPlaylist(fakeClient(5).client, 'PLunknownlist000'),
    (e: unknown) => e instanceof AppError && e.code === 'VIDEO_UNAVAILABLE',
  )
  await assert.rejects(
    expandPlaylist(fakeClient(0).client, LIST),
    (e: unknown) => e instanceof AppError && /no playable videos/.test(e.message),
  )
})
