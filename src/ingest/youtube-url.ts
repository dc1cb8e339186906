// Turns whatever a user pastes (a YouTube link in any of its real shapes, or a bare video ID) into
// the 11-character video ID, and rejects everything else with INVALID_URL before any network call.
import { AppError } from '../errors.ts'

/** A YouTube video ID: exactly 11 characters of base64url. */
export const VIDEO_ID_RE = /^[A-Za-z0-9_-]{11}$/

/** Longest input we look at, in bytes; anything longer is not a link a person pasted. */
export const MAX_URL_BYTES = 2048

const HOSTS = new Set([
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'gaming.youtube.com',
  'youtube-nocookie.com',
  'www.youtube-nocookie.com',
  'youtu.be',
  'www.youtu.be',
])

/** First path segments that carry the ID as the second segment: /shorts/ID, /embed/ID, ... */
const ID_PATHS = new Set(['shorts', 'embed', 'live', 'v', 'e'])

const invalid = (why: string) => new AppError('INVALID_URL', `not a YouTube video link: ${why}`)

/**
 * Returns the 11-character video ID of a YouTube link or bare ID.
 * Throws AppError('INVALID_URL') with the reason for anything else.
 */
export function parseYouTubeUrl(input: string): string {
  if (typeof input !== 'string') throw invalid('expected text')
  if (Buffer.byteLength(input) > MAX_URL_BYTES) throw invalid(`input is longer than ${MAX_URL_BYTES} bytes`)
  const text = input.trim()
  if (!text) throw invalid('the input is empty')
  if (VIDEO_ID_RE.test(text)) return text
  if (/\s/.test(text)) throw invalid('it contains spaces')

  // No scheme ("youtu.be/ID", "www.youtube.com/watch?v=ID"): assume https. Any other scheme
  // ("ftp:", "javascript:", "file:") is refused rather than guessed at.
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text)
  if (hasScheme && !/^https?:\/\//i.test(text)) throw invalid('only http and https links are accepted')
  let url: URL
  try {
    url = new URL(hasScheme ? text : `https://${text}`)
  } catch {
    throw invalid(`"${clip(text)}" cannot be read as a URL`)
  }
  // "youtube.com@evil.example" parses with host evil.example; refuse any credentials outright.
  if (url.username || url.password) throw invalid('links with a user name ("user@host") are refused')
  if (url.port) throw invalid('links with a port number are refused')
  const host = url.hostname.toLowerCase()
  if (!HOSTS.has(host)) throw invalid(`"${host}" is not a YouTube host`)

  const segments = url.pathname.split('/').filter(Boolean)
  let id: string | null | undefined
  if (host.endsWith('youtu.be')) id = segments.length === 1 ? segments[0] : undefined
  else if (segments.length === 1 && segments[0] === 'watch') id = url.searchParams.get('v')
  else if (segments.length === 2 && ID_PATHS.has(segments[0])) id = segments[1]
  if (id == null || id === '') {
    if (url.searchParams.has('list') || /^(playlist|channel|c|user|@)/.test(segments[0] ?? ''))
      throw invalid('it names a playlist or channel, not one video')
    throw invalid('it does not name a video')
  }
  if (!VIDEO_ID_RE.test(id)) throw invalid(`"${clip(id)}" is not an 11-character video ID`)
  return id
}

/** The one link we store and show for a video: https://www.youtube.com/watch?v=ID. */
export function canonicalYouTubeUrl(videoId: string): string {
  if (!VIDEO_ID_RE.test(videoId)) throw invalid(`"${clip(videoId)}" is not an 11-character video ID`)
  return `https://www.youtube.com/watch?v=${videoId}`
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s)
