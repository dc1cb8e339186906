// Maps what YouTube, youtubei.js and yt-dlp say when something fails to our typed errors, so the
// cache knows what to retry (NETWORK), the fallback knows when to switch (SOURCE_BLOCKED), and users
// read one clear reason.
import { AppError, isAbort, isAppError } from '../errors.ts'

/** Playability as YouTube's player response reports it. */
export interface Playability {
  status?: string
  reason?: string
}

const UNAVAILABLE = new RegExp(
  [
    'unavailable',
    'removed',
    'does not exist',
    'no longer available',
    'account (?:has been |was )?terminated',
    'copyright',
    'not available in your country',
    'blocked it in your country',
    'Incomplete YouTube ID',
  ].join('|'),
  'i',
)
const NETWORK = new RegExp(
  [
    'fetch failed',
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENOTFOUND',
    'socket hang up',
    'timed out',
    'network',
    'Connection',
    'terminated',
    'HTTP Error 5\\d\\d',
    '\\b5\\d\\d\\b',
    'Temporary failure',
  ].join('|'),
  'i',
)

/** Throws the typed error for a video that cannot be played; returns when it can. */
export function checkPlayability(videoId: string, p: Playability | undefined, live: boolean): void {
  if (live || p?.status === 'LIVE_STREAM_OFFLINE')
    throw new AppError('VIDEO_LIVE', `video ${videoId} is a live stream or premiere; only finished videos can be used`)
  if (!p?.status || p.status === 'OK') return
  const reason = p.reason?.trim() || p.status
  const byText = classifyText(videoId, reason)
  if (byText) throw byText
  if (p.status === 'LOGIN_REQUIRED')
    throw new AppError('VIDEO_AGE_RESTRICTED', `video ${videoId} needs a signed-in account (${reason})`)
  throw new AppError('VIDEO_UNAVAILABLE', `video ${videoId} is unavailable: ${reason}`)
}

/** The typed error a message from YouTube or yt-dlp stands for, or undefined when it says nothing known. */
export function classifyText(videoId: string, text: string): AppError | undefined {
  const t = text.replace(/\s+/g, ' ')
  const clip = t.slice(0, 300)
  if (
    /not a bot|bot-check|confirm you.?re not|po.?token|HTTP Error 403|\b403\b|Forbidden|decipher|signature|n ?sig|nsig|throttl/i.test(
      t,
    )
  )
    return new AppError('SOURCE_BLOCKED', `YouTube refused the download of ${videoId}: ${clip}`)
  if (/private video|video is private|is private/i.test(t))
    return new AppError('VIDEO_PRIVATE', `video ${videoId} is private`)
  if (/confirm your age|age.?restrict|inappropriate for some users|sign in to confirm/i.test(t))
    return new AppError('VIDEO_AGE_RESTRICTED', `video ${videoId} is age-restricted and needs a signed-in account`)
  if (/is a live|live event|live stream|premieres? in|is_live/i.test(t))
    return new AppError('VIDEO_LIVE', `video ${videoId} is a live stream or premiere; only finished videos can be used`)
  if (UNAVAILABLE.test(t)) return new AppError('VIDEO_UNAVAILABLE', `video ${videoId} is unavailable: ${clip}`)
  if (NETWORK.test(t)) return new AppError('NETWORK', `network trouble reaching YouTube for ${videoId}: ${clip}`)
  return undefined
}

/** Any thrown value as an AppError: AppErrors and aborts pass through; unknown library failures count as SOURCE_BLOCKED so a fallback may try. */
export function toSourceError(videoId: string, e: unknown): unknown {
  if (isAppError(e) || isAbort(e)) return e
  const err = e as Error & { cause?: { code?: string; message?: string } }
  const text = `${err?.name ?? ''}: ${err?.message ?? String(e)} ${err?.cause?.code ?? ''} ${err?.cause?.message ?? ''}`
  return (
    classifyText(videoId, text) ??
    new AppError(
      'SOURCE_BLOCKED',
      `the YouTube library failed for ${videoId}: ${String(err?.message ?? e).slice(0, 300)}`,
      { cause: e },
    )
  )
}

/** The fallback (yt-dlp) is worth trying only when YouTube blocked or confused the library; not for private, too long, or network errors. */
export const shouldFallBack = (e: unknown): boolean => isAppError(e) && e.code === 'SOURCE_BLOCKED'
