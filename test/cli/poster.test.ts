// `mus2pic poster` with your own words, a new size, and the art-only and SVG copies.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { readPngText } from '../../src/poster/index.ts'
import { writeWav } from '../helpers/wav.ts'
import { renderTestSong } from '../helpers/songs.ts'
import { runMus2pic } from '../helpers/cli.ts'

const run = runMus2pic

test('poster --title --artist --subtitle --size feed --art --svg writes the poster, its art and its SVG', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-cli-poster-'))
  try {
    const song = join(dir, '01 - night_drive.wav')
    await writeWav(song, renderTestSong({ bpm: 100, tonic: 'G', mode: 'major', seconds: 8, loud: true }), 22050)
    const out = join(dir, 'out')
    const args = ['poster', song, '--variations', '1', '--size', 'feed', '--title', 'My Own Words', '--artist', '']
    const r = await run([...args, '--subtitle', 'Demo', '--art', '--svg', '--out', out, '--json'], {
      DATA_DIR: join(dir, 'data'),
      ENGINE: 'sketch',
    })
    assert.equal(r.code, 0, r.stderr)
    const { files } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { files: string[] }
    assert.equal(files.length, 3)
    const [png, art, svg] = files
    assert.match(art, /\.art\.png$/)
    assert.match(svg, /\.svg$/)
    const meta = await sharp(png).metadata()
    assert.deepEqual([meta.width, meta.height], [1080, 1350])
    const text = readPngText(readFileSync(png))
    assert.deepEqual([text['mus2pic:title'], text['mus2pic:artist']], ['My Own Words', ''])
    const svgMeta = await sharp(svg).metadata()
    assert.deepEqual([svgMeta.width, svgMeta.height], [1080, 1350])
    const artMeta = await sharp(art).metadata()
    assert.ok(artMeta.width! < 1080 && artMeta.height! < 1350, 'the art alone is smaller than the poster')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
