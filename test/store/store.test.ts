import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore, ftsQuery, type NewPoster } from '../../src/store/index.ts'
import { migrate } from '../../src/store/db.ts'
import { MIGRATIONS } from '../../src/store/migrations/index.ts'

const poster = (jobId: string, idx: number, over: Partial<NewPoster> = {}): NewPoster => ({
  jobId,
  idx,
  audioId: null,
  title: 'Song',
  author: 'Band',
  style: 'swiss',
  size: 'portrait',
  engine: 'sketch',
  seed: idx,
  prompt: 'p',
  bpm: 120,
  tonic: 'A',
  mode: 'minor',
  mood: 'dark',
  palette: ['#000000'],
  width: 10,
  height: 15,
  pngPath: `/x/${jobId}/${idx}.png`,
  thumbPath: `/x/${jobId}/${idx}.thumb.webp`,
  bytes: 1,
  ...over,
})

test('a file database runs in WAL mode with foreign keys and records each migration once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-store-'))
  try {
    const s = openStore(dir)
    assert.equal(s.db.pragma('journal_mode', { simple: true }), 'wal')
    assert.equal(s.db.pragma('foreign_keys', { simple: true }), 1)
    assert.deepEqual(migrate(s.db, MIGRATIONS), [], 'second run applies nothing')
    assert.equal(s.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get(), MIGRATIONS.length)
    s.close()
    const again = openStore(dir)
    assert.ok(again.ping())
    again.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('job events get consecutive sequence numbers and replay after a given one', () => {
  const s = openStore(':memory:')
  s.jobs.create('j1', { url: 'x' }, {})
  for (const t of ['state', 'partial', 'step']) s.jobs.addEvent('j1', t, { t })
  assert.deepEqual(
    s.jobs.eventsAfter('j1', 1).map((e) => [e.seq, e.type]),
    [
      [2, 'partial'],
      [3, 'step'],
    ],
  )
  s.jobs.setState('j1', 'done')
  const j = s.jobs.get('j1')!
  assert.equal(j.state, 'done')
  assert.ok(j.finishedAt)
})

test('gallery pages newest first with a keyset cursor and combines filters', () => {
  const s = openStore(':memory:')
  s.jobs.create('a', {}, {})
  s.jobs.create('b', {}, {})
  for (let i = 0; i < 30; i++)
    s.posters.insert(
      poster('a', i, {
        bpm: 60 + i * 5,
        style: i % 2 ? 'swiss' : 'synthwave',
        title: i === 7 ? 'Café Tacvba Live' : `Song ${i}`,
      }),
    )
  const p1 = s.posters.list({ limit: 10 })
  assert.equal(p1.items.length, 10)
  assert.equal(p1.items[0].idx, 29)
  const p2 = s.posters.list({ limit: 10, before: p1.nextBefore! })
  assert.equal(p2.items[0].idx, 19)
  const p3 = s.posters.list({
    limit: 10,
    before: s.posters.list({ limit: 10, before: p2.nextBefore! }).items.at(-1)!.id,
  })
  assert.deepEqual(p3, { items: [], nextBefore: null })
  const f = s.posters.list({ style: 'swiss', bpmMin: 100, bpmMax: 150 })
  assert.deepEqual(
    f.items.map((p) => p.bpm),
    [145, 135, 125, 115, 105],
  )
  assert.deepEqual(
    s.posters.list({ q: 'cafe tac' }).items.map((p) => p.idx),
    [7],
    'diacritics-insensitive prefix search',
  )
  assert.equal(s.posters.list({ q: '"; DROP TABLE posters; --' }).items.length, 0)
  assert.equal(s.posters.count(), 30)
})

test('favourites filter and deleting a job cascades to its posters and events', () => {
  const s = openStore(':memory:')
  s.jobs.create('a', {}, {})
  const p = s.posters.insert(poster('a', 0))
  s.posters.insert(poster('a', 1))
  assert.ok(s.posters.setFavourite(p.id, true))
  assert.deepEqual(
    s.posters.list({ favourite: true }).items.map((x) => x.id),
    [p.id],
  )
  s.jobs.addEvent('a', 'state', {})
  s.jobs.delete('a')
  assert.equal(s.posters.count(), 0)
  assert.equal(s.posters.list({ q: 'song' }).items.length, 0, 'FTS rows go with their posters')
})

test('ftsQuery quotes every word so user text cannot inject FTS syntax', () => {
  assert.equal(ftsQuery('foo OR bar*'), '"foo"* "OR"* "bar"*')
  assert.equal(ftsQuery('  --- '), undefined)
})
