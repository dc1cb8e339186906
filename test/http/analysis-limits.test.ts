// Limits on analyses through POST /api/prompts (app.request, real services): a full analysis queue
// is 429 BUSY with Retry-After, and the rate limit counts only requests that start an analysis.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp } from '../helpers/app.ts'
import { encodeWav } from '../helpers/wav.ts'
import { renderTestSong } from '../helpers/songs.ts'

type TestApp = Awaited<ReturnType<typeof createTestApp>>
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function upload(t: TestApp, bpm: number, seconds: number): Promise<string> {
  const wav = encodeWav(renderTestSong({ bpm, tonic: 'C', mode: 'major', seconds, loud: true }), 22050)
  const form = new FormData()
  form.set('file', new File([new Uint8Array(wav)], `song-${bpm}.wav`, { type: 'audio/wav' }))
  const res = await t.app.request('/api/uploads', { method: 'POST', body: form })
  assert.equal(res.status, 201, await res.clone().text())
  return (await res.json()).audioId
}

const prompts = (t: TestApp, body: object) =>
  t.app.request('/api/prompts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

test('with the only worker busy and no room to wait, a new analysis is 429 BUSY with Retry-After', async () => {
  const t = await createTestApp({ env: { ANALYSIS_WORKERS: '1', ANALYSIS_QUEUE_MAX: '0' } })
  try {
    const a = await upload(t, 120, 40)
    const b = await upload(t, 90, 40)
    const first = prompts(t, { audioId: a })
    while (!t.services.analysisIsFree({ audioId: a })) await sleep(2) // A's analysis has started
    await new Promise((r) => setImmediate(r))
    const busy = await prompts(t, { audioId: b })
    assert.equal(busy.status, 429)
    assert.equal(busy.headers.get('retry-after'), '10')
    const body = await busy.json()
    assert.equal(body.error.code, 'BUSY')
    assert.match(body.error.message, /busy/)
    const sameTrack = await prompts(t, { audioId: a }) // joins the running analysis: never BUSY
    assert.equal(sameTrack.status, 200)
    assert.equal((await first).status, 200)
    const later = await prompts(t, { audioId: b })
    assert.equal(later.status, 200, 'the worker is free again')
  } finally {
    await t.close()
  }
})

test('the prompts rate limit counts requests that start an analysis, never cached ones', async () => {
  const t = await createTestApp({ env: { RATE_LIMIT_PER_MIN: '2' } })
  try {
    const a = await upload(t, 128, 8)
    assert.equal((await prompts(t, { audioId: a })).status, 200) // analysis 1 of 2
    for (let i = 0; i < 3; i++) assert.equal((await prompts(t, { audioId: a, seed: i })).status, 200, 'cached')
    const unknown = await prompts(t, { audioId: 'aaaaaaaaaaa' }) // uncached: counted (2 of 2), then fails
    assert.notEqual(unknown.status, 429)
    const limited = await prompts(t, { audioId: 'bbbbbbbbbbb' })
    assert.equal(limited.status, 429)
    assert.equal((await limited.json()).error.code, 'RATE_LIMITED')
    assert.ok(limited.headers.get('retry-after'))
    assert.equal((await prompts(t, { audioId: a })).status, 200, 'a cached track stays free past the limit')
  } finally {
    await t.close()
  }
})
