// Types at the ingest boundary: what a track is once it is on local disk, and how sources are called.

/** Where a track came from. */
export type TrackSourceKind = 'youtube' | 'upload' | 'file'

/** Metadata known about a track before it is analysed. */
export interface TrackMeta {
  title: string
  author: string
  /** Seconds; 0 when unknown before decoding. */
  durationSec: number
  source: TrackSourceKind
  /** Canonical link back to the song (https://www.youtube.com/watch?v=ID), when there is one. */
  url?: string
  thumbnail?: string
  /** ISO time of the download/upload. */
  fetchedAt: string
}

/** A track on local disk, ready to decode. `audioId` is the video ID or `up_<sha256 prefix>`. */
export interface Track {
  audioId: string
  path: string
  meta: TrackMeta
  /** True when the file came from the cache without any network call. */
  cached: boolean
}

/** What a user hands us. */
export type TrackInput = { url: string } | { audioId: string } | { file: string }

/** Byte progress of a download; total is 0 when unknown. */
export interface FetchProgress {
  receivedBytes: number
  totalBytes: number
}

export interface AudioFormatInfo {
  mimeType: string
  bitrate: number
  contentLength?: number
  itag?: number
}

/** Metadata of a remote video, as a source sees it. */
export interface SourceMetadata {
  videoId: string
  title: string
  author: string
  durationSec: number
  isLive: boolean
  thumbnail?: string
  formats: AudioFormatInfo[]
}

/** A remote audio source (youtubei.js, yt-dlp, or a test fake). */
export interface AudioSource {
  readonly name: string
  metadata(videoId: string, signal?: AbortSignal): Promise<SourceMetadata>
  /** Writes the best audio-only stream to `destPath` starting at `startByte`; returns the file extension (e.g. "webm", "m4a"). */
  download(
    videoId: string,
    destPath: string,
    opts: { startByte?: number; signal?: AbortSignal; onProgress?: (p: FetchProgress) => void },
  ): Promise<{ ext: string; bytes: number }>
}
