// /readyz and uploads against the free space of DATA_DIR (DISK_MIN_FREE_MB, read with fs.statfs).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { statfsSync } from 'node:fs'
import { createTestApp } from '../helpers/app.ts'
import { encodeWav, sine } from '../helpers/wav.ts'

test('/readyz is 503 with checks.disk false below DISK_MIN_FREE_MB, and uploads are 507 DISK_FULL', async () => {
  const probe = await createTestApp()
  const s = statfsSync(probe.dataDir)
  const freeMb = Math.floor((s.bavail * s.bsize) / 1048576)
  const ok = await probe.app.request('/readyz')
  const okBody = (await ok.json()) as { ready: boolean; checks: { disk: boolean }; details: { diskFreeMb: number } }
  await probe.close()
  assert.equal(ok.status, 200)
  assert.equal(okBody.checks.disk, true)
  assert.ok(Math.abs(okBody.details.diskFreeMb - freeMb) <= 64, `${okBody.details.diskFreeMb} vs ${freeMb}`)

  const t = await createTestApp({ env: { DISK_MIN_FREE_MB: String(freeMb + 1024) } })
  try {
    const res = await t.app.request('/readyz')
    assert.equal(res.status, 503)
    const body = (await res.json()) as { ready: boolean; checks: { disk: boolean; database: boolean } }
    assert.equal(body.ready, false)
    assert.equal(body.checks.disk, false)
    assert.equal(body.checks.database, true)
    const form = new FormData()
    form.append('file', new File([new Uint8Array(encodeWav(sine(440, 4, 8000), 8000))], 'a.wav'))
    const up = await t.app.request('/api/uploads', { method: 'POST', body: form })
    assert.equal(up.status, 507)
    assert.equal(((await up.json()) as { error: { code: string } }).error.code, 'DISK_FULL')
  } finally {
    await t.close()
  }
})

test('a started server reports the system ffmpeg (not the bundled 2018 build) in /readyz details, without its path', async () => {
  const { startTestServer } = await import('../helpers/server.ts')
  const srv = await startTestServer()
  try {
    const body = (await (await fetch(`${srv.url}/readyz`)).json()) as {
      details: { ffmpeg: { source: string; version: string; ffprobe: boolean } }
    }
    assert.equal(body.details.ffmpeg.source, 'PATH')
    assert.match(body.details.ffmpeg.version, /^ffmpeg version \d/)
    assert.doesNotMatch(body.details.ffmpeg.version, /N-47683|2018/)
    assert.equal(body.details.ffmpeg.ffprobe, true)
    assert.doesNotMatch(JSON.stringify(body), /\/usr\/|node_modules/)
  } finally {
    await srv.close()
  }
})
