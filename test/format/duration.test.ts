import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatDuration } from '../../src/format/duration.ts'

// Rounded to the nearest second first, then split into minutes and seconds (never "3:60").
const TABLE: [number, string][] = [
  [0, '0:00'],
  [0.4, '0:00'],
  [9.5, '0:10'],
  [59.4, '0:59'],
  [59.5, '1:00'],
  [221, '3:41'],
  [239.4, '3:59'],
  [239.6, '4:00'],
  [600, '10:00'],
  [3599.4, '59:59'],
  [3599.5, '1:00:00'],
  [3725, '1:02:05'],
  [-3, '0:00'],
  [Number.NaN, '0:00'],
]

test('the one formatter (server and browser load the same file) rounds to the nearest second first', () => {
  for (const [sec, want] of TABLE) assert.equal(formatDuration(sec), want, `${sec} s`)
})
