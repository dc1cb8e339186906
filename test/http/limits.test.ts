// Rate limits and the API key: per-client buckets keyed on X-Forwarded-For only with TRUST_PROXY,
// wrong API keys limited per client, PROTECT_READS closing the job list and audio.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp } from '../helpers/app.ts'

const job = (app: { request: (p: string, i: RequestInit) => Response | Promise<Response> }, xff?: string) =>
  app.request('/api/jobs', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(xff ? { 'x-forwarded-for': xff } : {}) },
    body: JSON.stringify({ url: 'https://youtu.be/abcdefghijk' }),
  })

test('with TRUST_PROXY each X-Forwarded-For client has its own bucket; without it the header is ignored', async () => {
  const proxied = await createTestApp({ env: { RATE_LIMIT_PER_MIN: '2', TRUST_PROXY: 'true' } })
  try {
    const a = [
      await job(proxied.app, '10.0.0.1'),
      await job(proxied.app, '10.0.0.1'),
      await job(proxied.app, '10.0.0.1'),
    ]
    assert.deepEqual(
      a.map((r) => r.status),
      [202, 202, 429],
    )
    // A second client behind the same proxy is not throttled by the first; a forged left-most entry changes nothing.
    assert.equal((await job(proxied.app, '10.0.0.2')).status, 202)
    assert.equal((await job(proxied.app, '6.6.6.6, 10.0.0.1')).status, 429)
  } finally {
    await proxied.close()
  }
  const direct = await createTestApp({ env: { RATE_LIMIT_PER_MIN: '2' } })
  try {
    const s = [await job(direct.app, '10.0.0.1'), await job(direct.app, '10.0.0.2'), await job(direct.app, '10.0.0.3')]
    assert.deepEqual(
      s.map((r) => r.status),
      [202, 202, 429],
    )
  } finally {
    await direct.close()
  }
})

test('wrong API keys are limited per client: after AUTH_FAILURES_PER_MIN 401s, 429 even with the right key', async () => {
  const t = await createTestApp({ env: { API_KEY: 'right-key-123', AUTH_FAILURES_PER_MIN: '3', TRUST_PROXY: '1' } })
  const del = (key: string, xff: string) =>
    t.app.request('/api/posters/1', { method: 'DELETE', headers: { 'x-api-key': key, 'x-forwarded-for': xff } })
  try {
    // Keyless calls (the web app before it asks for the key) are not guesses and use nothing up.
    for (let i = 0; i < 5; i++) assert.equal((await del('', '10.1.1.1')).status, 401)
    const guesses = []
    for (let i = 0; i < 5; i++) guesses.push((await del(`guess-${i}-xxxxx`, '10.1.1.1')).status)
    assert.deepEqual(guesses, [401, 401, 401, 429, 429])
    assert.equal((await del('right-key-123', '10.1.1.1')).status, 429)
    assert.equal((await del('right-key-123', '10.2.2.2')).status, 404) // another client: key accepted, no poster 1
  } finally {
    await t.close()
  }
})

test('PROTECT_READS with API_KEY closes the job list and audio to keyless reads; styles stay open', async () => {
  const t = await createTestApp({ env: { API_KEY: 'right-key-123', PROTECT_READS: 'true' } })
  try {
    assert.equal((await t.app.request('/api/jobs')).status, 401)
    assert.equal((await t.app.request('/api/audio/up_0123456789abcdef')).status, 401)
    assert.equal((await t.app.request('/api/jobs', { headers: { 'x-api-key': 'right-key-123' } })).status, 200)
    assert.equal((await t.app.request('/api/styles')).status, 200)
    assert.equal((await t.app.request('/api/openapi.json')).status, 200)
  } finally {
    await t.close()
  }
  const open = await createTestApp({ env: { API_KEY: 'right-key-123' } })
  try {
    assert.equal((await open.app.request('/api/jobs')).status, 200) // default: reads open
  } finally {
    await open.close()
  }
})
