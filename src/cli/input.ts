// Turns a CLI argument into a track input: an existing file path, else a YouTube URL or ID.
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../errors.ts'
import type { TrackInput } from '../ingest/types.ts'

export function trackInput(arg: string): TrackInput {
  const p = resolve(arg)
  if (existsSync(p) && statSync(p).isFile()) return { file: p }
  if (/^up_[0-9a-f]{16}$/.test(arg)) return { audioId: arg }
  return { url: arg }
}

export function intOption(v: unknown, name: string, min: number, max: number, def?: number): number | undefined {
  if (v === undefined) return def
  const n = Number(v)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError(
      'INVALID_INPUT',
      `--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`,
    )
  }
  return n
}

/** The one positional argument a command needs, or a usage error. */
export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new AppError('INVALID_INPUT', `give exactly one ${what}`)
  return positionals[0]
}
