// Job requests with the server's configured defaults (DEFAULT_STYLE, _VARIATIONS, _SIZE, _STEPS).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkJobDefaults, jobRequestSchema } from '../../src/jobs/options.ts'
import { testConfig } from '../../src/config.ts'
import { createServices } from '../../src/services.ts'
import { silentLogger } from '../../src/logger.ts'
import { AppError } from '../../src/errors.ts'

const DEFAULTS = { style: 'bauhaus', variations: 2, size: 'square', steps: 3 }

test('what a request leaves out (or sets to undefined) comes from the configured defaults', () => {
  const schema = jobRequestSchema(DEFAULTS)
  const r = schema.parse({ audioId: 'up_0123456789abcdef' })
  assert.deepEqual([r.style, r.variations, r.size, r.steps], ['bauhaus', 2, 'square', 3])
  const cli = schema.parse({ audioId: 'up_0123456789abcdef', style: undefined, variations: undefined })
  assert.deepEqual([cli.style, cli.variations], ['bauhaus', 2])
  const given = schema.parse({ audioId: 'up_0123456789abcdef', style: 'swiss', variations: 8, size: 'phone', steps: 1 })
  assert.deepEqual([given.style, given.variations, given.size, given.steps], ['swiss', 8, 'phone', 1])
  assert.equal(schema.safeParse({ audioId: 'up_0123456789abcdef', variations: 9 }).success, false)
})

test('defaults naming a style or size that does not exist stop start-up, naming the variable', async () => {
  const bad = (d: object) =>
    assert.throws(
      () => checkJobDefaults({ ...DEFAULTS, ...d }, ['swiss', 'bauhaus']),
      (e: unknown) => e instanceof AppError && e.code === 'CONFIG_INVALID' && /DEFAULT_(STYLE|SIZE)/.test(e.message),
    )
  bad({ style: 'art-nouveau' })
  bad({ size: 'billboard' })
  checkJobDefaults(DEFAULTS, ['swiss', 'bauhaus'])
  const dir = mkdtempSync(join(tmpdir(), 'm2p-opts-'))
  try {
    await assert.rejects(
      createServices(testConfig(dir, { DEFAULT_STYLE: 'no-such-style' }), silentLogger),
      (e: unknown) => e instanceof AppError && e.code === 'CONFIG_INVALID' && e.message.includes('DEFAULT_STYLE'),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
