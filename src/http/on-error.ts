// The one place errors become HTTP: AppError codes keep their status, validation and body-limit
// errors become 4xx, anything unknown is a logged 500 that never leaks paths or stacks.
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import { asDiskFull } from '../disk.ts'
import { AppError, ERROR_CODES } from '../errors.ts'
import type { Logger } from '../logger.ts'

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (err instanceof ZodError)
    return new AppError('INVALID_INPUT', describeZod(err), {
      details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    })
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'the request body is too large')
    if (err.status === 401) return new AppError('UNAUTHORIZED', 'a valid API key is required for this request')
    if (err.status < 500) return new AppError('INVALID_INPUT', err.message || 'bad request')
  }
  if (err instanceof SyntaxError) return new AppError('INVALID_INPUT', 'the body is not valid JSON')
  // ENOSPC from fs or SQLITE_FULL from the store, anywhere in a request: 507, not a generic 500.
  const full = asDiskFull(err)
  if (full instanceof AppError) return full
  return new AppError('INTERNAL', 'something went wrong on our side; it has been logged', { cause: err })
}

export function describeZod(err: ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ')
}

export function onError(logger: Logger) {
  return (err: unknown, c: Context) => {
    const e = toAppError(err)
    const status = ERROR_CODES[e.code] === 499 ? 409 : ERROR_CODES[e.code]
    if (status >= 500)
      logger.error(
        {
          err: err instanceof AppError ? (err.cause ?? err) : err,
          path: c.req.path,
          reqId: c.get('requestId' as never),
        },
        'request failed',
      )
    // Tool output (ffmpeg's lines, server paths) stays here; the client gets the plain message.
    else if (e.cause) logger.info({ err: e.cause, path: c.req.path, reqId: c.get('requestId' as never) }, 'refused')
    const body: ErrorBody = {
      error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) },
    }
    if (e.code === 'RATE_LIMITED' || e.code === 'QUEUE_FULL') c.header('Retry-After', '30')
    // BUSY: every analysis worker is taken and the wait list is full; one finishes within seconds.
    if (e.code === 'BUSY') c.header('Retry-After', '10')
    return c.json(body, status as 400)
  }
}
