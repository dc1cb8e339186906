// Crash safety: the server is killed with SIGKILL during a download, an analysis, a generation and
// a poster write; after a restart nothing partial is served or cached as complete, the database is
// consistent, every job ends truthfully and no poster reported done is lost.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { readSse } from '../helpers/sse.ts'
import { startChildServer, stopChild } from '../helpers/child-server.ts'

const CHILD = new URL('../helpers/crash-child.ts', import.meta.url).pathname

const startChild = (dataDir: string, bytesPerSec: number) =>
  startChildServer(CHILD, { CRASH_DATA_DIR: dataDir, CRASH_BYTES_PER_SEC: String(bytesPerSec) })
const kill9 = (proc: ChildProcess) => stopChild(proc, 'SIGKILL')

const points: {
  name: string
  bytesPerSec: number
  variations: number
  when: (e: { event: string; data: any }) => boolean
}[] = [
  {
    name: 'download',
    bytesPerSec: 100_000,
    variations: 2,
    when: (e) => e.event === 'download' && e.data.receivedBytes > 50_000,
  },
  {
    name: 'analysis',
    bytesPerSec: 50_000_000,
    variations: 2,
    when: (e) => e.event === 'state' && e.data.state === 'analyzing',
  },
  { name: 'generation', bytesPerSec: 50_000_000, variations: 8, when: (e) => e.event === 'step' && e.data.step === 2 },
  {
    name: 'poster write',
    bytesPerSec: 50_000_000,
    variations: 8,
    when: (e) => e.event === 'poster' && e.data.index === 1,
  },
]

for (const point of points) {
  test(`kill -9 during ${point.name}, then restart: consistent and truthful`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'm2p-crash-'))
    try {
      let { url, proc } = await startChild(dataDir, point.bytesPerSec)
      const res = await fetch(`${url}/api/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'crashTest01', variations: point.variations, size: 'phone' }),
      })
      const job = await res.json()
      const seen = await readSse(`${url}/api/jobs/${job.id}/events`, { until: point.when, timeoutMs: 60_000 })
      assert.ok(seen.some(point.when), `reached the ${point.name} point`)
      const reportedPosters = seen.filter((e) => e.event === 'poster').map((e) => e.data.posterId)
      await kill9(proc)

      // Nothing that looks complete may be partial: an audio file without its sidecar is not complete.
      const audioDir = join(dataDir, 'audio')
      const audioFiles = existsSync(audioDir) ? readdirSync(audioDir) : []
      if (point.name === 'download')
        assert.ok(
          !audioFiles.some((f) => f.endsWith('.json')),
          `no sidecar after an interrupted download: ${audioFiles}`,
        )

      ;({ url, proc } = await startChild(dataDir, 50_000_000))
      try {
        const events = await readSse(`${url}/api/jobs/${job.id}/events`, {
          until: (e) => e.event === 'state' && ['done', 'failed', 'cancelled'].includes(e.data.state),
          timeoutMs: 90_000,
        })
        const final = events.filter((e) => e.event === 'state').at(-1)!
        assert.equal(final.data.state, 'done', `resumed to done after a crash during ${point.name}`)
        assert.ok(
          events.some((e) => e.event === 'state' && e.data.resumedFrom),
          'the job says it was resumed',
        )
        const j = await (await fetch(`${url}/api/jobs/${job.id}`)).json()
        assert.equal(j.posters.length, point.variations)
        for (const p of j.posters) {
          const r = await fetch(url + p.imageUrl)
          assert.equal(r.status, 200)
          const png = Buffer.from(await r.arrayBuffer())
          assert.equal(png.subarray(png.length - 8, png.length - 4).toString('latin1'), 'IEND', 'a whole PNG')
        }
        // posters reported done before the crash are kept, not redone
        for (const id of reportedPosters)
          assert.ok(
            j.posters.some((p: { id: number }) => p.id === id),
            `poster ${id} survived`,
          )
        assert.deepEqual(
          readdirSync(join(dataDir, 'posters', job.id)).filter((f) => f.endsWith('.tmp')),
          [],
        )
      } finally {
        await kill9(proc)
      }
      const db = new Database(join(dataDir, 'mus2pic.db'), { readonly: true })
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok')
      assert.deepEqual(db.pragma('foreign_key_check'), [])
      const rows = db.prepare('SELECT png_path, thumb_path FROM posters').all() as {
        png_path: string
        thumb_path: string
      }[]
      for (const r of rows)
        assert.ok(
          existsSync(join(dataDir, r.png_path)) && existsSync(join(dataDir, r.thumb_path)),
          'every row points at files',
        )
      db.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
}
