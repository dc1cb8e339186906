// Wiring shared by the server (main.ts) and the CLI: store, ingest, cached analysis, the engine
// (created lazily, once), and the pipeline dependencies built from them.
import { ANALYSIS_VERSION } from './audio/index.ts'
import { createAnalysisPool, type AnalyseFileResult } from './audio/analysis-pool.ts'
import type { AnalysisPartial, AudioAnalysis } from './audio/types.ts'
import type { Config } from './config.ts'
import type { EngineInfo, ImageEngine } from './engine/engine.ts'
import { createDefaultSource, createIngest, parseYouTubeUrl, type Ingest } from './ingest/index.ts'
import type { AudioSource, Track, TrackInput } from './ingest/types.ts'
import type { Logger } from './logger.ts'
import { isAbort, isAppError } from './errors.ts'
import { analysesRun, audioCacheLookups, modelLoadSeconds } from './metrics.ts'
import type { PipelineDeps } from './pipeline.ts'
import { buildPrompts, featuresFromAnalysis, getStyle, listStyles, makePalette } from './prompt/index.ts'
import { checkJobDefaults } from './jobs/options.ts'
import { TYPICAL_TRACK } from './prompt/typical-track.ts'
import { createSingleFlight } from './single-flight.ts'
import { openStore, type Store } from './store/index.ts'
import { JobRunner, type RunnerDeps } from './jobs/runner.ts'

export interface Services {
  config: Config
  store: Store
  ingest: Ingest
  pipeline: PipelineDeps
  engine(): Promise<ImageEngine>
  /** WebP preview of a style, drawn by the sketch engine. */
  stylePreview(styleId: string): Promise<Buffer>
  /** The engine that has finished loading, with its load time; undefined before. */
  loadedEngine(): { id: string; loadMs: number; info: EngineInfo } | undefined
  /** The engine and device jobs will use (the loaded one, else the configured guess): the ETA's history key. */
  engineKey(): { engine: string; device: string }
  /** Cached, or run once in the worker pool however many call at once. `track` comes from pipeline.fetchTrack. */
  analyseTrack(
    track: Track,
    o?: { signal?: AbortSignal; onPartial?: (p: AnalysisPartial) => void },
  ): Promise<{ analysis: AudioAnalysis; timings: Record<string, number> }>
  analyseInput(
    input: TrackInput,
    o?: { signal?: AbortSignal },
  ): Promise<{ track: Track; analysis: AudioAnalysis; timings: Record<string, number> }>
  /** True when asking for this input starts no new analysis: it is cached or already running. */
  analysisIsFree(input: TrackInput): boolean
  close(): Promise<void>
}

export interface ServiceOverrides {
  /** Replaces the YouTube source (tests use a loopback fake). */
  source?: AudioSource
  /** Replaces the engine factory (tests). */
  engine?: () => Promise<ImageEngine>
  store?: Store
  /** Replaces the playlist reader (tests use a fake; the real one is youtubei.js). */
  expandPlaylist?: (listId: string) => Promise<string[]>
}

export async function createServices(config: Config, logger: Logger, over: ServiceOverrides = {}): Promise<Services> {
  checkJobDefaults(
    config.defaults,
    listStyles().map((st) => st.id),
  )
  const store = over.store ?? openStore(config.dataDir)
  const ingest = createIngest({ config, source: over.source ?? createDefaultSource(config, logger), logger })
  await ingest.init()

  let enginePromise: Promise<ImageEngine> | undefined
  let loadedEngine: { id: string; engine: ImageEngine; loadMs: number } | undefined
  const engine = () =>
    (enginePromise ??= (async () => {
      const t0 = performance.now()
      // Loaded on first use: `analyze` and `prompts` never pay for onnxruntime or sharp.
      const e = over.engine
        ? await over.engine()
        : await (
            await import('./engine/index.ts')
          ).createEngine({
            ...config.engine,
            modelsDir: config.modelsDir,
            onFallback: (message) => logger.warn({ engine: 'lcm', message }, 'execution provider fell back to CPU'),
          })
      await e.load()
      modelLoadSeconds.set({ engine: e.id }, (performance.now() - t0) / 1000)
      loadedEngine = { id: e.id, engine: e, loadMs: Math.round(performance.now() - t0) }
      const { device, deviceReason, dtype, model } = e.info()
      // Start-up log names the provider in use and why the others were not used.
      logger.info(
        { engine: e.id, device, deviceReason, model, dtype, loadMs: Math.round(performance.now() - t0) },
        'engine ready',
      )
      return e
    })().catch((err) => {
      enginePromise = undefined // a later job may succeed (e.g. after `models download`)
      throw err
    }))

  // Decoding and the DSP run in worker threads; concurrent requests for one track share one analysis.
  const pool = createAnalysisPool({
    size: config.analysis.workers,
    queueMax: config.analysis.queueMax,
    ffmpegPath: config.ffmpegPath,
  })
  const flights = createSingleFlight<AnalyseFileResult, AnalysisPartial>('analysis')

  const runAnalysis = async (track: Track, signal: AbortSignal, emit: (p: AnalysisPartial) => void) => {
    try {
      const r = await pool.analyse(
        { path: track.path, maxSeconds: config.limits.maxTrackSeconds },
        { signal, onPartial: emit },
      )
      store.media.putAnalysis(track.audioId, ANALYSIS_VERSION, r.analysis)
      analysesRun.inc({ result: 'done' })
      return r
    } catch (e) {
      analysesRun.inc({ result: isAbort(e) ? 'cancelled' : isAppError(e) && e.code === 'BUSY' ? 'busy' : 'failed' })
      throw e
    }
  }

  const analyseTrack: Services['analyseTrack'] = async (track, o = {}) => {
    const cached = store.media.getAnalysis<AudioAnalysis>(track.audioId, ANALYSIS_VERSION)
    if (cached) {
      audioCacheLookups.inc({ result: 'analysis_hit' })
      replayPartials(cached, o.onPartial)
      const timings: Record<string, number> = { decodeMs: 0, analysisMs: 0, analysisCached: 1 }
      return { analysis: cached, timings }
    }
    const { value, joined } = await flights.run(track.audioId, (signal, emit) => runAnalysis(track, signal, emit), {
      signal: o.signal,
      onEvent: o.onPartial,
    })
    const t = value.timings
    const timings: Record<string, number> = { decodeMs: round(t.decodeMs), analysisMs: round(t.analysisMs) }
    if (t.queueMs >= 0.1) timings.analysisQueueMs = round(t.queueMs)
    if (joined) timings.analysisShared = 1
    return { analysis: value.analysis, timings }
  }

  const fetchTrack: PipelineDeps['fetchTrack'] = async (input, o) => {
    const track = await ingest.fetch(input, o)
    audioCacheLookups.inc({ result: track.cached ? 'hit' : 'miss' })
    // The one place the audio row is written: jobs (runner) and analyses (putAnalysis) both refer to it.
    store.media.upsertAudio({
      id: track.audioId,
      source: track.meta.source,
      title: track.meta.title,
      author: track.meta.author,
      durationSec: track.meta.durationSec,
      url: track.meta.url,
    })
    return track
  }

  const pipeline: PipelineDeps = {
    fetchTrack,
    analyse: async (track, o) => (await analyseTrack(track, o)).analysis,
    featuresFromAnalysis,
    getStyle,
    buildPrompts,
    engine,
    composePoster: async (input) => (await import('./poster/index.ts')).composePoster(input),
  }

  return {
    config,
    store,
    ingest,
    pipeline,
    engine,
    loadedEngine: () =>
      loadedEngine && { id: loadedEngine.id, loadMs: loadedEngine.loadMs, info: loadedEngine.engine.info() },
    engineKey: () =>
      loadedEngine
        ? { engine: loadedEngine.id, device: loadedEngine.engine.info().device }
        : // before the engine loads, 'auto' most likely ends on the CPU (the ETA history key only)
          {
            engine: config.engine.kind === 'lcm' ? 'lcm' : 'sketch',
            device: config.engine.device === 'auto' ? 'cpu' : config.engine.device,
          },
    async stylePreview(styleId) {
      const { stylePreview } = await import('./engine/sketch/preview.ts')
      return stylePreview(styleId, makePalette(TYPICAL_TRACK, getStyle(styleId)))
    },
    analyseTrack,
    async analyseInput(input, o = {}) {
      const t0 = performance.now()
      const track = await fetchTrack(input, { signal: o.signal })
      const fetchMs = round(performance.now() - t0)
      const r = await analyseTrack(track, o)
      return { track, analysis: r.analysis, timings: { fetchMs, ...r.timings } }
    },
    analysisIsFree(input) {
      const id = audioIdOf(input)
      return id !== undefined && (flights.has(id) || store.media.getAnalysis(id, ANALYSIS_VERSION) !== undefined)
    },
    async close() {
      await pool.close()
      if (enginePromise) await (await enginePromise.catch(() => undefined))?.close()
      store.close()
    },
  }
}

export async function engineInfos(config: Config, loaded?: { id: string; loadMs?: number; info?: EngineInfo }) {
  const { listEngines, resolveDevice } = await import('./engine/index.ts')
  // Probing providers loads onnxruntime: only when LCM can be used at all.
  const device =
    config.engine.kind === 'sketch'
      ? undefined
      : await resolveDevice(config.engine.device).catch((e: Error) => ({ error: e.message }))
  return listEngines({ ...config.engine, modelsDir: config.modelsDir }, loaded ? [loaded] : [], device)
}

function replayPartials(a: AudioAnalysis, on?: (p: AnalysisPartial) => void) {
  if (!on) return
  on({ kind: 'duration', durationSec: a.durationSec })
  on({ kind: 'tempo', tempo: a.tempo })
  on({ kind: 'key', key: a.key })
  on({ kind: 'energy', energy: a.energy })
  on({ kind: 'mood', mood: a.mood })
}

/** The audio ID an input will have, known without any download; undefined for local files and bad URLs. */
function audioIdOf(input: TrackInput): string | undefined {
  if ('audioId' in input) return input.audioId
  if (!('url' in input)) return undefined
  try {
    return parseYouTubeUrl(input.url)
  } catch {
    return undefined
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10

/** The job runner every entry point uses (server, CLI, tests): one place that says what a runner gets. */
export function createJobRunner(services: Services, logger: Logger, extra: Partial<RunnerDeps> = {}): JobRunner {
  const { config } = services
  return new JobRunner({
    store: services.store,
    pipeline: services.pipeline,
    dataDir: config.dataDir,
    queueMax: config.limits.queueMax,
    engineKey: () => services.engineKey(),
    minFreeBytes: config.diskMinFreeBytes,
    logger,
    ...extra,
  })
}
