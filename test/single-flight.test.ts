// Single-flight: one run of the work per key however many callers, events replayed to late
// joiners, callers leave alone, and the work is aborted only when the last caller has left.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createSingleFlight } from '../src/single-flight.ts'
import { AppError } from '../src/errors.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const codeOf = (e: unknown) => (e instanceof AppError ? e.code : String(e))

/** Work that emits 1, 2, 3 over ~30 ms and returns the sum, counting its runs and watching its signal. */
function counted() {
  const c = { runs: 0, aborted: 0 }
  const work = async (signal: AbortSignal, emit: (n: number) => void) => {
    c.runs++
    signal.addEventListener('abort', () => c.aborted++)
    let sum = 0
    for (const n of [1, 2, 3]) {
      await sleep(10)
      if (signal.aborted) throw new AppError('CANCELLED', 'work was cancelled')
      emit(n)
      sum += n
    }
    return sum
  }
  return { c, work }
}

test('ten concurrent callers of one key share one run and its result', async () => {
  const flight = createSingleFlight<number, number>()
  const { c, work } = counted()
  const results = await Promise.all(Array.from({ length: 10 }, () => flight.run('a', work)))
  assert.equal(c.runs, 1)
  assert.deepEqual(
    results.map((r) => r.value),
    Array(10).fill(6),
  )
  assert.deepEqual(
    results.map((r) => r.joined),
    [false, ...Array(9).fill(true)],
  )
  assert.equal(flight.has('a'), false, 'a finished flight is forgotten')
  await flight.run('a', work)
  assert.equal(c.runs, 2, 'a later call runs again (the caller caches results, not the flight)')
})

test('different keys run apart', async () => {
  const flight = createSingleFlight<number, number>()
  const { c, work } = counted()
  await Promise.all([flight.run('a', work), flight.run('b', work), flight.run('a', work)])
  assert.equal(c.runs, 2)
})

test('a late joiner gets the events sent so far, then the rest', async () => {
  const flight = createSingleFlight<number, number>()
  const { work } = counted()
  const early: number[] = []
  const late: number[] = []
  const first = flight.run('a', work, { onEvent: (n) => early.push(n) })
  await sleep(25)
  assert.ok(flight.has('a'))
  const second = flight.run('a', work, { onEvent: (n) => late.push(n) })
  await Promise.all([first, second])
  assert.deepEqual(early, [1, 2, 3])
  assert.deepEqual(late, [1, 2, 3])
})

test('one caller leaving does not stop the work for the others; the last one leaving does', async () => {
  const flight = createSingleFlight<number, number>()
  const { c, work } = counted()
  const a = new AbortController()
  const left = flight.run('k', work, { signal: a.signal })
  const stays = flight.run('k', work)
  a.abort()
  await assert.rejects(left, (e) => codeOf(e) === 'CANCELLED')
  assert.equal((await stays).value, 6)
  assert.equal(c.aborted, 0)

  const b1 = new AbortController()
  const b2 = new AbortController()
  const p1 = flight.run('k', work, { signal: b1.signal })
  const p2 = flight.run('k', work, { signal: b2.signal })
  await sleep(15) // the work is running
  b1.abort()
  assert.equal(c.aborted, 0)
  b2.abort()
  await assert.rejects(p1, (e) => codeOf(e) === 'CANCELLED')
  await assert.rejects(p2, (e) => codeOf(e) === 'CANCELLED')
  assert.equal(c.aborted, 1)
  assert.equal(flight.has('k'), false, 'an abandoned flight is not joined by the next caller')
  assert.equal((await flight.run('k', work)).value, 6)
})

test('a failure reaches every caller', async () => {
  const flight = createSingleFlight<number, number>()
  let runs = 0
  const failing = async () => {
    runs++
    await sleep(5)
    throw new AppError('INVALID_AUDIO', 'not audio')
  }
  const all = await Promise.allSettled([flight.run('x', failing), flight.run('x', failing)])
  assert.equal(runs, 1)
  assert.deepEqual(
    all.map((r) => r.status === 'rejected' && codeOf(r.reason)),
    ['INVALID_AUDIO', 'INVALID_AUDIO'],
  )
})
