// Response headers: X-Frame-Options agrees with frame-ancestors 'none', a Permissions-Policy is sent,
// HSTS only over HTTPS (PUBLIC_URL https, a TLS request, or a trusted proxy saying https); the OpenAPI
// document declares the API key scheme.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp } from '../helpers/app.ts'

test('plain HTTP: X-Frame-Options DENY with frame-ancestors none, a Permissions-Policy, and no HSTS', async () => {
  const t = await createTestApp()
  try {
    for (const path of ['/healthz', '/api/styles', '/']) {
      const res = await t.app.request(path)
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path)
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/)
      const policy = res.headers.get('permissions-policy') ?? ''
      for (const feature of ['camera', 'microphone', 'geolocation'])
        assert.match(policy, new RegExp(`\\b${feature}=\\(\\)`))
      assert.equal(res.headers.get('strict-transport-security'), null, path)
    }
    assert.match(
      (await t.app.request('https://localhost/healthz')).headers.get('strict-transport-security') ?? '',
      /max-age=\d+/,
    )
    // X-Forwarded-Proto is only believed with TRUST_PROXY.
    const forged = await t.app.request('/healthz', { headers: { 'x-forwarded-proto': 'https' } })
    assert.equal(forged.headers.get('strict-transport-security'), null)
  } finally {
    await t.close()
  }
})

test('HSTS is sent when PUBLIC_URL is https, or behind a trusted proxy that says https', async () => {
  const pub = await createTestApp({ env: { PUBLIC_URL: 'https://posters.example.org' } })
  try {
    const res = await pub.app.request('http://localhost/healthz')
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=15552000/)
  } finally {
    await pub.close()
  }
  const proxied = await createTestApp({ env: { TRUST_PROXY: 'true' } })
  try {
    const res = await proxied.app.request('/healthz', { headers: { 'x-forwarded-proto': 'https' } })
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=/)
  } finally {
    await proxied.close()
  }
})

test('the OpenAPI document declares the X-API-Key header and Bearer schemes', async () => {
  const t = await createTestApp()
  try {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> }
      security: Record<string, string[]>[]
    }
    assert.deepEqual(doc.components.securitySchemes.apiKey, { type: 'apiKey', in: 'header', name: 'X-API-Key' })
    assert.equal(doc.components.securitySchemes.bearer.scheme, 'bearer')
    assert.ok(doc.security.some((s) => 'apiKey' in s))
  } finally {
    await t.close()
  }
})
