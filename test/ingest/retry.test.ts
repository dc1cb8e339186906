import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AppError } from '../../src/errors.ts'
import { createLimiter } from '../../src/ingest/limiter.ts'
import { withRetry } from '../../src/ingest/retry.ts'

test('retries NETWORK errors with doubling waits and returns the first success', async () => {
  const waits: number[] = []
  let calls = 0
  const v = await withRetry(
    async (attempt) => {
      calls++
      if (attempt < 3) throw new AppError('NETWORK', 'reset')
      return 'ok'
    },
    { attempts: 4, baseMs: 4, onRetry: (_e, _a, ms) => waits.push(ms) },
  )
  assert.equal(v, 'ok')
  assert.equal(calls, 3)
  assert.ok(waits[0] >= 3 && waits[0] <= 5 && waits[1] >= 6 && waits[1] <= 10, String(waits))
})

test('gives up after the bounded number of attempts with the last error', async () => {
  let calls = 0
  await assert.rejects(
    withRetry(
      async () => {
        calls++
        throw new AppError('NETWORK', `try ${calls}`)
      },
      { attempts: 3, baseMs: 1 },
    ),
    /try 3/,
  )
  assert.equal(calls, 3)
})

test('does not retry errors that are not transient', async () => {
  let calls = 0
  await assert.rejects(
    withRetry(
      async () => {
        calls++
        throw new AppError('VIDEO_PRIVATE', 'private')
      },
      { baseMs: 1 },
    ),
    (e: unknown) => e instanceof AppError && e.code === 'VIDEO_PRIVATE',
  )
  assert.equal(calls, 1)
})

test('an abort during the backoff wait ends with CANCELLED', async () => {
  const ac = new AbortController()
  setTimeout(() => ac.abort(), 20)
  await assert.rejects(
    withRetry(
      async () => {
        throw new AppError('NETWORK', 'x')
      },
      { baseMs: 10_000, signal: ac.signal },
    ),
    (e: unknown) => e instanceof AppError && e.code === 'CANCELLED',
  )
})

test('the limiter holds at most its slot count and hands slots on in order', async () => {
  const lim = createLimiter(2)
  const order: number[] = []
  let peak = 0
  await Promise.all(
    [1, 2, 3, 4, 5].map(async (n) => {
      const release = await lim.acquire()
      peak = Math.max(peak, lim.active)
      order.push(n)
      await new Promise((r) => setTimeout(r, 5))
      release()
      release() // a second release is ignored
    }),
  )
  assert.equal(peak, 2)
  assert.deepEqual(order, [1, 2, 3, 4, 5])
  assert.equal(lim.active, 0)
})
