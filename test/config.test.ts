import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadConfig } from '../src/config.ts'
import { AppError } from '../src/errors.ts'

test('defaults: port 8787 on 127.0.0.1, sketch-or-lcm auto engine', () => {
  const c = loadConfig({})
  assert.equal(c.port, 8787)
  assert.equal(c.host, '127.0.0.1')
  assert.equal(c.engine.kind, 'auto')
  assert.ok(c.dataDir.endsWith('/cache'))
  assert.equal(c.limits.uploadMaxBytes, 50 * 1024 * 1024)
})

test('reports every bad variable by name at once', () => {
  try {
    loadConfig({ PORT: 'eighty', ENGINE: 'dalle', UPLOAD_MAX_MB: '-3' })
    assert.fail('should throw')
  } catch (e) {
    assert.ok(e instanceof AppError)
    assert.equal(e.code, 'CONFIG_INVALID')
    for (const name of ['PORT', 'ENGINE', 'UPLOAD_MAX_MB']) assert.match(e.message, new RegExp(name))
  }
})

test('parses lists and booleans-free numbers', () => {
  const c = loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example', CACHE_MAX_MB: '10' })
  assert.deepEqual(c.corsOrigins, ['https://a.example', 'https://b.example'])
  assert.equal(c.cache.maxBytes, 10 * 1024 * 1024)
})
