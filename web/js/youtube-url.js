// The one YouTube link parser: the browser checks links with it as they are typed, and the server
// (src/ingest/youtube-url.ts) imports this same file, so the two can never disagree on a link.
// Plain JS with no imports, so it runs unchanged in both places.

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

const clip = (/** @type {string} */ s) => (s.length > 40 ? `${s.slice(0, 40)}…` : s)

/**
 * Reads a YouTube link or bare video ID.
 * @param {unknown} input
 * @returns {{ id: string, reason?: undefined } | { id?: undefined, reason: string }} the ID, or why not
 */
export function readYouTubeUrl(input) {
  if (typeof input !== 'string') return { reason: 'expected text' }
  if (new TextEncoder().encode(input).length > MAX_URL_BYTES)
    return { reason: `input is longer than ${MAX_URL_BYTES} bytes` }
  const text = input.trim()
  if (!text) return { reason: 'the input is empty' }
  if (VIDEO_ID_RE.test(text)) return { id: text }
  if (/\s/.test(text)) return { reason: 'it contains spaces' }

  // No scheme ("youtu.be/ID", "www.youtube.com/watch?v=ID"): assume https. Any other scheme
  // ("ftp:", "javascript:", "file:") is refused rather than guessed at.
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text)
  if (hasScheme && !/^https?:\/\//i.test(text)) return { reason: 'only http and https links are accepted' }
  let url
  try {
    url = new URL(hasScheme ? text : `https://${text}`)
  } catch {
    return { reason: `"${clip(text)}" cannot be read as a URL` }
  }
  // "youtube.com@evil.example" parses with host evil.example; refuse any credentials outright.
  if (url.username || url.password) return { reason: 'links with a user name ("user@host") are refused' }
  if (url.port) return { reason: 'links with a port number are refused' }
  const host = url.hostname.toLowerCase()
  if (!HOSTS.has(host)) return { reason: `"${host}" is not a YouTube host` }

  const segments = url.pathname.split('/').filter(Boolean)
  let id
  if (host.endsWith('youtu.be')) id = segments.length === 1 ? segments[0] : undefined
  else if (segments.length === 1 && segments[0] === 'watch') id = url.searchParams.get('v')
  else if (segments.length === 2 && ID_PATHS.has(segments[0])) id = segments[1]
  if (id == null || id === '') {
    if (url.searchParams.has('list') || /^(playlist|channel|c|user|@)/.test(segments[0] ?? ''))
      return { reason: 'it names a playlist or channel, not one video' }
    return { reason: 'it does not name a video' }
  }
  if (!VIDEO_ID_RE.test(id)) return { reason: `"${clip(id)}" is not an 11-character video ID` }
  return { id }
}

/** @param {string} input @returns {string | null} the video ID, or null */
export function videoIdOf(input) {
  return readYouTubeUrl(input).id ?? null
}
