import { test } from 'node:test'
import assert from 'node:assert/strict'
import { titleFromFileName } from '../../src/ingest/title-from-file.ts'

const TABLE: [string | undefined, string | undefined][] = [
  ['NIGHT_DRIVE.wav', 'NIGHT DRIVE'],
  ['night_drive.mp3', 'night drive'],
  ['01 - Quiet Rain On The Harbour.flac', 'Quiet Rain On The Harbour'],
  ['07. slow-tides.ogg', 'slow-tides'],
  ['03_my.song.name.m4a', 'my song name'],
  ['01 Midnight City.mp3', 'Midnight City'],
  ['Track 04 - Outro.wav', 'Outro'],
  ['Artist -- Title.mp3', 'Artist Title'],
  ['lo-fi beats - vol 2.opus', 'lo-fi beats vol 2'],
  ['1979.mp3', '1979'],
  ['99 Luftballons (Feat. Someone).mp3', '99 Luftballons (Feat. Someone)'],
  ['/tmp/uploads/02 - Café del Mar.wav', 'Café del Mar'],
  ['___.mp3', undefined],
  ['02 - .mp3', '02'],
  ['', undefined],
  [undefined, undefined],
]

test('file names become titles: separators to spaces, extension and leading track numbers dropped', () => {
  for (const [name, want] of TABLE) assert.equal(titleFromFileName(name), want, String(name))
})
