// A real server on a real, full file system (a 24 MB tmpfs filled to the last byte): the running job
// fails with DISK_FULL and its event stream ends, DELETE is a 409, /readyz says not ready, uploads are
// 507, and SIGTERM exits cleanly without a stack. Needs permission to mount a tmpfs (root); skipped otherwise.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { renderTestSong } from '../helpers/songs.ts'
import { readSse } from '../helpers/sse.ts'
import { encodeWav } from '../helpers/wav.ts'

const root = new URL('../..', import.meta.url).pathname

/** Writes zeros until the file system says ENOSPC. */
async function fill(path: string): Promise<number> {
  const f = await open(path, 'w')
  const block = Buffer.alloc(64 * 1024)
  let written = 0
  try {
    for (;;) written += (await f.write(block)).bytesWritten
  } catch (e) {
    assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC')
  } finally {
    await f.close().catch(() => {})
  }
  for (const size of [4096, 512, 1]) {
    const g = await open(path, 'a')
    try {
      for (;;) written += (await g.write(Buffer.alloc(size))).bytesWritten
    } catch {
      // full at this granularity too
    } finally {
      await g.close().catch(() => {})
    }
  }
  return written
}

test('ENOSPC on a real full tmpfs: the job fails DISK_FULL, events end, DELETE 409, /readyz 503, upload 507, clean SIGTERM', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-full-'))
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dir]).status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    return t.skip('needs permission to mount a tmpfs')
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dir, PORT: '0', ENGINE: 'sketch', LOG_LEVEL: 'warn', DISK_MIN_FREE_MB: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (d) => {
        out += d
        const m = /running at (\S+)/.exec(out)
        if (m) resolve(m[1])
      })
      child.once('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)))
    })
    const sr = 22050
    const song = encodeWav(
      renderTestSong({ bpm: 120, mode: 'major', tonic: 'C', seconds: 5, loud: true, sampleRate: sr }),
      sr,
    )
    const form = new FormData()
    form.append('file', new File([new Uint8Array(song)], 'song.wav'))
    const up = await fetch(`${url}/api/uploads`, { method: 'POST', body: form })
    assert.equal(up.status, 201)
    const { audioId } = (await up.json()) as { audioId: string }
    // The track and its analysis fit; the posters will not.
    // Fill the disk, then give back 256 KB: room for the job's rows, not for its posters.
    writeFileSync(join(dir, 'spare'), Buffer.alloc(256 * 1024))
    const filled = await fill(join(dir, 'filler'))
    assert.ok(filled > 10 * 1024 * 1024, `filled ${filled} bytes`)
    rmSync(join(dir, 'spare'))
    const created = await fetch(`${url}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ audioId, variations: 8, qr: false }),
    })
    assert.equal(created.status, 202, await created.clone().text())
    const { id } = (await created.json()) as { id: string }
    const events = await readSse(`${url}/api/jobs/${id}/events`, {
      until: (e) => e.event === 'state' && ['done', 'failed', 'cancelled'].includes(e.data.state),
      timeoutMs: 60_000,
    })
    const last = events.at(-1)!
    assert.equal(last.data.state, 'failed', JSON.stringify(events.slice(-3)))
    assert.equal(last.data.error.code, 'DISK_FULL')
    assert.equal((await fetch(`${url}/api/jobs/${id}`, { method: 'DELETE' })).status, 409)
    const ready = await fetch(`${url}/readyz`)
    assert.equal(ready.status, 503)
    assert.equal(((await ready.json()) as { checks: { disk: boolean } }).checks.disk, false)
    const again = new FormData()
    again.append('file', new File([new Uint8Array(song.subarray(0, 100_000))], 'b.wav'))
    const up2 = await fetch(`${url}/api/uploads`, { method: 'POST', body: again })
    assert.equal(up2.status, 507, await up2.text())
    child.kill('SIGTERM')
    assert.equal(await exited, 0, stderr)
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace on shutdown')
    assert.deepEqual(spawnSync('find', [dir, '-name', '*.tmp']).stdout.toString().trim(), '', 'no temp files left')
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
    await exited
    spawnSync('umount', [dir])
    rmSync(dir, { recursive: true, force: true })
  }
})
