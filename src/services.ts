// Wiring shared by the server (main.ts) and the CLI: store, ingest, cached analysis, the engine
// (created lazily, once), and the pipeline dependencies built from them.
import { analyseAudio, ANALYSIS_VERSION } from './audio/index.ts'
import { decodeAudio } from './audio/decode.ts'
import type { AnalysisPartial, AudioAnalysis } from './audio/types.ts'
import type { Config } from './config.ts'
import type { ImageEngine } from './engine/engine.ts'
import { createDefaultSource, createIngest, type Ingest } from './ingest/index.ts'
import type { AudioSource, Track, TrackInput } from './ingest/types.ts'
import type { Logger } from './logger.ts'
import { audioCacheLookups, modelLoadSeconds } from './metrics.ts'
import type { PipelineDeps } from './pipeline.ts'
import { buildPrompts, featuresFromAnalysis, getStyle, listStyles, makePalette } from './prompt/index.ts'
import { checkJobDefaults } from './jobs/options.ts'
import { TYPICAL_TRACK } from './prompt/typical-track.ts'
import { openStore, type Store } from './store/index.ts'

export interface Services {
  config: Config
  store: Store
  ingest: Ingest
  pipeline: PipelineDeps
  engine(): Promise<ImageEngine>
  /** WebP preview of a style, drawn by the sketch engine. */
  stylePreview(styleId: string): Promise<Buffer>
  /** The engine that has finished loading, with its load time; undefined before. */
  loadedEngine(): { id: string; loadMs: number; device: string } | undefined
  /** The engine and device jobs will use (the loaded one, else the configured guess): the ETA's history key. */
  engineKey(): { engine: string; device: string }
  analyseTrack(
    track: Track,
    o?: { signal?: AbortSignal; onPartial?: (p: AnalysisPartial) => void },
  ): Promise<{ analysis: AudioAnalysis; timings: Record<string, number> }>
  analyseInput(
    input: TrackInput,
    o?: { signal?: AbortSignal },
  ): Promise<{ track: Track; analysis: AudioAnalysis; timings: Record<string, number> }>
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
  let loadedEngine: { id: string; loadMs: number; device: string } | undefined
  const engine = () =>
    (enginePromise ??= (async () => {
      const t0 = performance.now()
      // Loaded on first use: `analyze` and `prompts` never pay for onnxruntime or sharp.
      const e = over.engine
        ? await over.engine()
        : await (await import('./engine/index.ts')).createEngine({ ...config.engine, modelsDir: config.modelsDir })
      await e.load()
      modelLoadSeconds.set({ engine: e.id }, (performance.now() - t0) / 1000)
      loadedEngine = { id: e.id, loadMs: Math.round(performance.now() - t0), device: e.info().device }
      logger.info({ engine: e.id, loadMs: Math.round(performance.now() - t0) }, 'engine ready')
      return e
    })().catch((err) => {
      enginePromise = undefined // a later job may succeed (e.g. after `models download`)
      throw err
    }))

  const analyseTrack: Services['analyseTrack'] = async (track, o = {}) => {
    store.media.upsertAudio({
      id: track.audioId,
      source: track.meta.source,
      title: track.meta.title,
      author: track.meta.author,
      durationSec: track.meta.durationSec,
      url: track.meta.url,
    })
    const cached = store.media.getAnalysis<AudioAnalysis>(track.audioId, ANALYSIS_VERSION)
    if (cached) {
      audioCacheLookups.inc({ result: 'analysis_hit' })
      replayPartials(cached, o.onPartial)
      const timings: Record<string, number> = { decodeMs: 0, analysisMs: 0, analysisCached: 1 }
      return { analysis: cached, timings }
    }
    const t0 = performance.now()
    const pcm = await decodeAudio(track.path, {
      ffmpegPath: config.ffmpegPath,
      signal: o.signal,
      maxSeconds: config.limits.maxTrackSeconds,
    })
    const t1 = performance.now()
    const analysis = await analyseAudio(pcm, { onPartial: o.onPartial, signal: o.signal })
    const t2 = performance.now()
    store.media.putAnalysis(track.audioId, ANALYSIS_VERSION, analysis)
    return { analysis, timings: { decodeMs: round(t1 - t0), analysisMs: round(t2 - t1) } }
  }

  const fetchTrack: PipelineDeps['fetchTrack'] = async (input, o) => {
    const track = await ingest.fetch(input, o)
    audioCacheLookups.inc({ result: track.cached ? 'hit' : 'miss' })
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
    loadedEngine: () => loadedEngine,
    engineKey: () =>
      loadedEngine
        ? { engine: loadedEngine.id, device: loadedEngine.device }
        : { engine: config.engine.kind === 'lcm' ? 'lcm' : 'sketch', device: config.engine.device },
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
    async close() {
      if (enginePromise) await (await enginePromise.catch(() => undefined))?.close()
      store.close()
    },
  }
}

export async function engineInfos(config: Config, loaded?: { id: string; loadMs?: number }) {
  return (await import('./engine/index.ts')).listEngines(
    { ...config.engine, modelsDir: config.modelsDir },
    loaded ? [loaded] : [],
  )
}

function replayPartials(a: AudioAnalysis, on?: (p: AnalysisPartial) => void) {
  if (!on) return
  on({ kind: 'duration', durationSec: a.durationSec })
  on({ kind: 'tempo', tempo: a.tempo })
  on({ kind: 'key', key: a.key })
  on({ kind: 'energy', energy: a.energy })
  on({ kind: 'mood', mood: a.mood })
}

const round = (ms: number) => Math.round(ms * 10) / 10
