// The CLI through its real entry (bin/mus2pic.js): output contracts and exit codes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeWav } from '../helpers/wav.ts'
import { renderTestSong } from '../helpers/songs.ts'
import { runMus2pic } from '../helpers/cli.ts'

const run = runMus2pic

test('analyze --json prints one object per input in order; a bad input gets an error line and exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-cli-'))
  try {
    const song = join(dir, 'song.wav')
    await writeWav(song, renderTestSong({ bpm: 100, tonic: 'G', mode: 'major', seconds: 10, loud: true }), 22050)
    const bad = join(dir, 'notes.mp3')
    writeFileSync(bad, 'not audio')
    const r = await run(['analyze', song, bad, song, '--json'], { DATA_DIR: join(dir, 'data') })
    assert.equal(r.code, 1, r.stderr)
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    assert.equal(lines.length, 3)
    assert.deepEqual(
      lines.map((l) => l.input),
      [song, bad, song],
    )
    assert.ok(Math.abs(lines[0].tempo.bpm - 100) < 4, `bpm ${lines[0].tempo.bpm}`)
    assert.equal(lines[0].key.tonic, 'G')
    assert.equal(lines[0].key.mode, 'major')
    for (const k of ['durationSec', 'energy', 'mood', 'timings']) assert.ok(k in lines[0], k)
    assert.equal(lines[1].error.code, 'INVALID_AUDIO')
    assert.equal(lines[2].tempo.bpm, lines[0].tempo.bpm, 'the second run of the same file is the cached analysis')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('usage errors exit 2 with a message; unknown styles exit non-zero naming the valid ones', async () => {
  const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'm2p-cli-')) }
  try {
    const none = await run([], env)
    assert.equal(none.code, 2)
    assert.match(none.stdout, /Usage: mus2pic/)
    const unknown = await run(['paint'], env)
    assert.equal(unknown.code, 2)
    assert.match(unknown.stderr, /unknown command "paint"/)
    const badFlag = await run(['analyze', '--nope'], env)
    assert.equal(badFlag.code, 2)
    const badCount = await run(['prompts', 'x.wav', '--count', '99'], env)
    assert.equal(badCount.code, 2)
    assert.match(badCount.stderr, /--count must be a whole number from 1 to 8/)
    const badStyle = await run(['prompts', 'x.wav', '--style', 'cubism'], env)
    assert.equal(badStyle.code, 1)
    assert.match(badStyle.stderr, /UNKNOWN_STYLE/)
    const badUrl = await run(['fetch', 'https://evil.example/watch?v=dQw4w9WgXcQ'], env)
    assert.equal(badUrl.code, 1)
    assert.match(badUrl.stderr, /INVALID_URL/)
    const badEnv = await run(['styles'], { ...env, PORT: 'eighty' })
    assert.equal(badEnv.code, 2)
    assert.match(badEnv.stderr, /PORT/)
    const styles = await run(['styles'], env)
    assert.equal(styles.code, 0)
    assert.match(styles.stdout, /synthwave/)
  } finally {
    rmSync(env.DATA_DIR, { recursive: true, force: true })
  }
})

test('prompts --json, fetch and models list work on a local file without a server', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-cli-'))
  try {
    const song = join(dir, 'tune.wav')
    await writeWav(song, renderTestSong({ bpm: 120, tonic: 'C', mode: 'major', seconds: 8, loud: true }), 22050)
    const env = { DATA_DIR: join(dir, 'data'), MODELS_DIR: join(dir, 'models') }
    const p = await run(['prompts', song, '--style', 'risograph', '--count', '3', '--seed', '5', '--json'], env)
    assert.equal(p.code, 0, p.stderr)
    const out = JSON.parse(p.stdout)
    assert.equal(out.style, 'risograph')
    assert.equal(out.prompts.length, 3)
    assert.ok(
      out.prompts.every(
        // a scene first ("A ... , wide shot"), then the style's words
        (x: { tokens: number; text: string }) => x.tokens <= 77 && /^[A-Z].*, risograph print, /.test(x.text),
      ),
    )
    assert.equal(out.palette.length, 5)
    const f = await run(['fetch', song, '--json'], env)
    assert.equal(f.code, 0, f.stderr)
    const fetched = JSON.parse(f.stdout)
    assert.match(fetched.audioId, /^up_[0-9a-f]{16}$/)
    assert.equal(fetched.cached, true, 'the prompts run already stored this file')
    const m = await run(['models', 'list', '--json'], env)
    assert.equal(m.code, 0)
    assert.equal(JSON.parse(m.stdout)[0].present, false)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
