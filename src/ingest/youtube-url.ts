// Turns whatever a user pastes (a YouTube link in any of its real shapes, or a bare video ID) into
// the 11-character video ID, and rejects everything else with INVALID_URL before any network call.
import { AppError } from '../errors.ts'

// The rules live in web/js/youtube-url.js, served to the browser too: one parser for both sides.
import { MAX_URL_BYTES, readYouTubeUrl, VIDEO_ID_RE } from '../../web/js/youtube-url.js'

export { MAX_URL_BYTES, VIDEO_ID_RE }

const invalid = (why: string) => new AppError('INVALID_URL', `not a YouTube video link: ${why}`)

/**
 * Returns the 11-character video ID of a YouTube link or bare ID.
 * Throws AppError('INVALID_URL') with the reason for anything else.
 */
export function parseYouTubeUrl(input: string): string {
  const r = readYouTubeUrl(input)
  if (r.reason !== undefined) throw invalid(r.reason)
  return r.id
}

/** The one link we store and show for a video: https://www.youtube.com/watch?v=ID. */
export function canonicalYouTubeUrl(videoId: string): string {
  if (!VIDEO_ID_RE.test(videoId)) throw invalid(`"${clip(videoId)}" is not an 11-character video ID`)
  return `https://www.youtube.com/watch?v=${videoId}`
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s)
