// One error family for the whole service: a stable machine code plus a human message.
// Stages throw AppError; only http/on-error.ts and cli/main.ts decide how it is shown.

export const ERROR_CODES = {
  // 400: the request itself is wrong
  INVALID_INPUT: 400,
  INVALID_URL: 400,
  INVALID_AUDIO: 400,
  UNSUPPORTED_MEDIA: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNKNOWN_STYLE: 400,
  // 401/403/404/409
  UNAUTHORIZED: 401,
  CROSS_SITE_REQUEST: 403,
  HOST_NOT_ALLOWED: 421,
  NOT_FOUND: 404,
  AUDIO_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  POSTER_NOT_FOUND: 404,
  JOB_NOT_CANCELLABLE: 409,
  // the poster predates stored artwork, or its artwork is raster (no SVG)
  POSTER_NOT_EDITABLE: 409,
  JOB_NOT_AWAITING_PROMPTS: 409,
  // 422: well-formed, but the video/track cannot be used
  VIDEO_UNAVAILABLE: 422,
  VIDEO_PRIVATE: 422,
  VIDEO_AGE_RESTRICTED: 422,
  VIDEO_LIVE: 422,
  TRACK_TOO_LONG: 422,
  AUDIO_TOO_SHORT: 422,
  // 429/503: try later
  RATE_LIMITED: 429,
  QUEUE_FULL: 429,
  BUSY: 429,
  NETWORK: 502,
  SOURCE_BLOCKED: 502,
  MODEL_MISSING: 503,
  MODEL_INVALID: 503,
  ENGINE_FAILED: 500,
  ENGINE_DEVICE_UNAVAILABLE: 503,
  DECODE_FAILED: 500,
  ANALYSIS_FAILED: 500,
  CANCELLED: 499,
  CHECKSUM_MISMATCH: 502,
  CONFIG_INVALID: 500,
  DISK_FULL: 507,
  DATA_DIR_NOT_WRITABLE: 500,
  INTERNAL: 500,
} as const

export type ErrorCode = keyof typeof ERROR_CODES

export class AppError extends Error {
  override readonly name = 'AppError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions & { details?: unknown },
  ) {
    super(message, options)
    this.details = options?.details
  }
  readonly details: unknown

  /** HTTP status for this code; the single table lives above. */
  get status(): number {
    return ERROR_CODES[this.code]
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError

/** True for errors that mean "the caller aborted", whatever layer raised them. */
export function isAbort(e: unknown): boolean {
  return (
    (e instanceof AppError && e.code === 'CANCELLED') ||
    (e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR'))
  )
}

export function cancelled(what = 'operation'): AppError {
  return new AppError('CANCELLED', `${what} was cancelled`)
}

/** Throws CANCELLED when the signal has fired; call between steps of long work. */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw cancelled(what)
}
