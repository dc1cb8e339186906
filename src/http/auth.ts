// The API key check: writes (and with PROTECT_READS, reads) need X-API-Key or a Bearer token. Wrong keys
// are counted per client and limited (AUTH_FAILURES_PER_MIN), so keys cannot be guessed at speed.
import type { MiddlewareHandler } from 'hono'
import { timingSafeEqual } from 'node:crypto'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { clientAddress } from './client-key.ts'

/** Reads that stay open with PROTECT_READS: what a page needs before it can ask for the key. */
const PUBLIC_READS = [/^\/api\/styles(\/|$)/, /^\/api\/engines$/, /^\/api\/openapi\.json$/]

export function apiKeyGuard(config: Pick<Config, 'apiKey' | 'protectReads' | 'trustProxy' | 'authFailuresPerMin'>) {
  const expected = Buffer.from(config.apiKey ?? '')
  const failures = new Map<string, { count: number; resetAt: number }>()
  const guard: MiddlewareHandler = async (c, next) => {
    const read = c.req.method === 'GET' || c.req.method === 'HEAD'
    if (c.req.method === 'OPTIONS') return next()
    if (c.req.path.startsWith('/api/worker/')) return next() // workers authenticate with WORKER_TOKEN
    if (read && (!config.protectReads || PUBLIC_READS.some((r) => r.test(c.req.path)))) return next()
    const who = clientAddress(c, config.trustProxy)
    const now = Date.now()
    let f = failures.get(who)
    if (f && f.resetAt <= now) {
      failures.delete(who)
      f = undefined
    }
    if (f && f.count >= config.authFailuresPerMin)
      throw new AppError('RATE_LIMITED', 'too many attempts with a wrong API key; wait a minute')
    const given = Buffer.from(
      c.req.header('x-api-key') ?? c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '',
    )
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      // Only a wrong key is a guess; the web app's keyless calls (before it has asked for the key) are not.
      if (given.length) {
        if (failures.size > 100_000) failures.clear() // bounded memory under a flood of addresses
        failures.set(who, { count: (f?.count ?? 0) + 1, resetAt: f?.resetAt ?? now + 60_000 })
      }
      throw new AppError(
        'UNAUTHORIZED',
        read
          ? 'this server needs an API key: send it as X-API-Key'
          : 'this server needs an API key for changes: send it as X-API-Key',
      )
    }
    return next()
  }
  return guard
}
