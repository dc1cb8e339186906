// Tries the primary source (youtubei.js) and switches to the fallback (yt-dlp) when YouTube blocks
// the library (decipher failure, 403, bot check). Private, too long or network errors do not switch.
import { silentLogger, type Logger } from '../logger.ts'
import { shouldFallBack } from './source-errors.ts'
import type { AudioSource } from './types.ts'

/** An AudioSource that asks `primary` first and `fallback` when `shouldFallBack(error)` says so. */
export function createFallbackSource(
  primary: AudioSource,
  fallback: AudioSource,
  logger: Logger = silentLogger,
): AudioSource {
  // Once the primary failed for an ID, download that ID from the fallback too: the formats differ.
  const useFallback = new Set<string>()
  const attempt = async <T>(
    id: string,
    what: string,
    first: () => Promise<T>,
    second: () => Promise<T>,
  ): Promise<T> => {
    if (useFallback.has(id)) return second()
    try {
      return await first()
    } catch (e) {
      if (!shouldFallBack(e)) throw e
      logger.warn(
        { id, err: (e as Error).message, fallback: fallback.name },
        `${primary.name} ${what} failed; trying ${fallback.name}`,
      )
      useFallback.add(id)
      return second()
    }
  }
  return {
    name: `${primary.name}+${fallback.name}`,
    metadata: (id, signal) =>
      attempt(
        id,
        'metadata',
        () => primary.metadata(id, signal),
        () => fallback.metadata(id, signal),
      ),
    // The fallback's bytes would not continue the primary's partial file: it starts at byte 0.
    download: (id, dest, o) =>
      attempt(
        id,
        'download',
        () => primary.download(id, dest, o),
        () => fallback.download(id, dest, { ...o, startByte: 0 }),
      ),
  }
}
