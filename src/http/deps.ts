// What the HTTP layer needs from the rest of the service; main.ts builds it, tests fake parts of it.
import type { FfmpegInfo } from '../audio/decode.ts'
import type { AudioAnalysis } from '../audio/types.ts'
import type { Config } from '../config.ts'
import type { EngineInfo } from '../engine/engine.ts'
import type { Track, TrackInput } from '../ingest/types.ts'
import type { JobRunner } from '../jobs/runner.ts'
import type { Logger } from '../logger.ts'
import type { Store } from '../store/index.ts'

export interface AppDeps {
  config: Config
  store: Store
  runner: JobRunner
  logger: Logger
  /** Stores a validated upload (sniffed by content) and returns its track. */
  putUpload(tmpPath: string, originalName?: string): Promise<Track>
  /** Finds a cached track by audio ID without any network call. */
  lookupAudio(audioId: string): Track | undefined
  /** Fetches (cached) and analyses (cached by version) a track. */
  analyseInput(
    input: TrackInput,
    o: { signal?: AbortSignal },
  ): Promise<{ track: Track; analysis: AudioAnalysis; timings: Record<string, number> }>
  /** True when this input's analysis is cached or already running: asking for it costs no new analysis. */
  analysisIsFree(input: TrackInput): boolean
  engines(): Promise<EngineInfo[]>
  /** WebP preview of a style (its composition and palette for a typical track). */
  stylePreview(styleId: string): Promise<Buffer>
  /** A playlist's first video IDs (youtubei.js, capped at 25); absent: playlists are refused. */
  expandPlaylist?(listId: string): Promise<string[]>
  /** For /readyz: true when the configured engine can serve. */
  engineReady(): boolean
  /** For /readyz details: the loaded engine, its device and why, or why it is not ready. */
  engineStatus?():
    { id?: string; device?: string; deviceReason?: string; model?: string; dtype?: string; error?: string } | undefined
  /** For /readyz details: which ffmpeg runs (source and version; its path is only logged). */
  ffmpeg?: FfmpegInfo
}
