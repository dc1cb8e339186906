// Request parsing helpers: JSON bodies and query strings through zod, failing as INVALID_INPUT.
import type { Context } from 'hono'
import type { z } from 'zod'
import { AppError } from '../errors.ts'

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  // The media type exactly: "text/plain; a=application/json" is a form a page may send cross-site
  // without a preflight, so a substring match would let CSRF through.
  if (mediaType(c.req.header('content-type')) !== 'application/json')
    throw new AppError('UNSUPPORTED_MEDIA', 'send the body as application/json')
  let raw: unknown
  try {
    raw = await c.req.json()
  } catch {
    throw new AppError('INVALID_INPUT', 'the body is not valid JSON')
  }
  return schema.parse(raw)
}

export function query<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return schema.parse(c.req.query())
}

/** Parses a positive integer route parameter or fails with the given not-found code. */
export function intParam(value: string | undefined, code: 'POSTER_NOT_FOUND' | 'NOT_FOUND'): number {
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value))
    throw new AppError(code, `no such item: ${JSON.stringify(String(value).slice(0, 40))}`)
  return Number(value)
}

/** The essence of a Content-Type ("application/json" of "Application/JSON; charset=utf-8"), lower-cased. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase()
}
