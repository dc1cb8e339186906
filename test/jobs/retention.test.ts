// Retention and orphan sweeps never leave a row pointing at a missing file, and remove files no row
// points to (crash leftovers), but leave running jobs alone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sweep } from '../../src/jobs/retention.ts'
import { openStore, type NewPoster } from '../../src/store/index.ts'

function poster(jobId: string, idx: number): NewPoster {
  return {
    jobId,
    idx,
    audioId: null,
    title: 't',
    author: 'a',
    style: 'swiss',
    size: 'portrait',
    engine: 'sketch',
    seed: idx,
    prompt: 'p',
    bpm: 120,
    tonic: 'C',
    mode: 'major',
    mood: 'warm',
    palette: [],
    width: 1,
    height: 1,
    pngPath: `posters/${jobId}/${idx}.png`,
    thumbPath: `posters/${jobId}/${idx}.thumb.webp`,
    bytes: 1,
  }
}

function touch(dir: string, rel: string) {
  mkdirSync(join(dir, rel, '..'), { recursive: true })
  writeFileSync(join(dir, rel), 'x')
}

test('sweep deletes old finished jobs, rows without files and files without rows, keeping running jobs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-sweep-'))
  try {
    const store = openStore(dir)
    for (const id of ['old', 'new', 'broken', 'running']) store.jobs.create(id, {}, {})
    for (const id of ['old', 'new', 'broken']) store.jobs.setState(id, 'done')
    store.jobs.setState('running', 'composing')
    store.db.prepare("UPDATE jobs SET finished_at = '2000-01-01T00:00:00.000Z' WHERE id = 'old'").run()
    for (const id of ['old', 'new', 'broken']) store.posters.insert(poster(id, 0))
    for (const id of ['old', 'new']) for (const f of ['0.png', '0.thumb.webp']) touch(dir, `posters/${id}/${f}`)
    touch(dir, 'posters/broken/0.thumb.webp') // png missing
    touch(dir, 'posters/new/1.png.999.tmp') // crash leftover
    touch(dir, 'posters/ghost/0.png') // folder of a job that does not exist
    touch(dir, 'posters/running/0.png') // a running job's file, row not yet written

    const r = await sweep(store, dir, 30)
    assert.equal(r.jobsRemoved, 1)
    assert.equal(r.rowsRemoved, 1)
    assert.ok(!store.jobs.get('old'))
    assert.deepEqual(store.posters.byJob('broken'), [])
    assert.ok(existsSync(join(dir, 'posters/new/0.png')))
    for (const gone of [
      'posters/old/0.png',
      'posters/broken/0.thumb.webp',
      'posters/new/1.png.999.tmp',
      'posters/ghost/0.png',
    ])
      assert.ok(!existsSync(join(dir, gone)), gone)
    assert.ok(existsSync(join(dir, 'posters/running/0.png')), 'running jobs are left alone')
    for (const f of store.posters.files())
      assert.ok(existsSync(join(dir, f.pngPath)) && existsSync(join(dir, f.thumbPath)))
    store.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
