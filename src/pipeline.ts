// The spine of Mus2Pic: a song goes in, posters come out. prepare() = ingest -> audio -> prompt,
// render() = engine -> poster; the job runner calls them apart so the next job's download and
// analysis overlap the current job's generation (the server, the CLI and remote workers all run jobs so).
import type { AnalysisPartial, AudioAnalysis } from './audio/types.ts'
import type { GenerateResult, ImageEngine } from './engine/engine.ts'
import type { FetchProgress, Track, TrackInput } from './ingest/types.ts'
import type { PosterInput, PosterOutput, PosterText, SizePreset } from './poster/types.ts'
import type { PromptFeatures, PromptSet, StylePreset, Typography } from './prompt/types.ts'
import { frameFor, SIZE_PRESETS } from './poster/layouts.ts'
import { throwIfAborted } from './errors.ts'
import { withCustomPrompts } from './prompt/custom-prompts.ts'

/** LCM canvases (multiples of 64, near its trained 512 px scale); the art's aspect picks one. */
const LCM_SIZES: [number, number][] = [
  [512, 768],
  [512, 512],
  [448, 768],
  [768, 448],
]

/**
 * Engine canvas for a poster: the sketch engine draws at the art's exact place on the poster (no
 * resampling, also for print sizes); LCM generates at its native scale and the poster upscales.
 */
export function engineSizeFor(
  size: SizePreset,
  engine: ImageEngine['id'],
  layout: Typography['layout'] = 'bottom-left',
): { width: number; height: number } {
  const { width: W, height: H } = SIZE_PRESETS[size]
  const art = frameFor(layout, W, H).art
  if (engine === 'sketch') return { width: art.w, height: art.h }
  const aspect = Math.log(art.w / art.h)
  const [width, height] = LCM_SIZES.reduce((a, b) =>
    Math.abs(Math.log(b[0] / b[1]) - aspect) < Math.abs(Math.log(a[0] / a[1]) - aspect) ? b : a,
  )
  return { width, height }
}

export type Stage = 'fetching' | 'analyzing' | 'prompting' | 'generating' | 'composing'

export interface PosterOptions {
  style: string
  /** 1-8 variations, generated as one engine batch. */
  variations: number
  size: SizePreset
  seed?: number
  /** LCM denoising steps, 1-8. */
  steps: number
  guidance: number
  /** Draw a QR code back to the song when the track has a link. */
  qr: boolean
  /** Your own words on the poster, instead of the track's tags; an empty artist leaves the line out. */
  title?: string
  artist?: string
  subtitle?: string
  /** Prompts as written by the person, one per variation; they replace the suggested texts (seeds stay). */
  prompts?: string[]
  /** Stop after the prompts are written so they can be reviewed (the runner's awaiting_prompts). */
  review?: boolean
  /** A batch job: yields to single interactive jobs in the queue. */
  batch?: boolean
}

/** What prepare() hands to render(). */
export interface Prepared {
  track: Track
  analysis: AudioAnalysis
  features: PromptFeatures
  style: StylePreset
  promptSet: PromptSet
}

export interface FinishedPoster {
  index: number
  engine: ImageEngine['id']
  output: PosterOutput
  /** What the poster was composed from besides the artwork: kept so it can be re-composed. */
  text: PosterText
  /** The artwork as SVG when the engine drew vectors. */
  artSvg?: string
  prompt: string
  seed: number
}

/** Everything the pipeline reports; all callbacks optional. */
export interface Progress {
  signal?: AbortSignal
  stage?(stage: Stage): void
  download?(p: FetchProgress): void
  track?(track: Track): void
  analysis?(p: AnalysisPartial): void
  prompts?(set: PromptSet): void
  step?(step: number, total: number): void
  /** Each finished poster, in order; awaited so the caller can persist it before the next. */
  poster?(p: FinishedPoster): Promise<void> | void
}

/** The stage implementations, injected so tests, CLI and server wire them their own way. */
export interface PipelineDeps {
  fetchTrack(input: TrackInput, o: { signal?: AbortSignal; onProgress?: (p: FetchProgress) => void }): Promise<Track>
  analyse(track: Track, o: { signal?: AbortSignal; onPartial?: (p: AnalysisPartial) => void }): Promise<AudioAnalysis>
  featuresFromAnalysis(a: AudioAnalysis): PromptFeatures
  getStyle(id: string): StylePreset
  buildPrompts(f: PromptFeatures, o: { style: string; count: number; seed?: number }): PromptSet
  engine(): Promise<ImageEngine>
  composePoster(input: PosterInput): Promise<PosterOutput>
}

export async function prepare(
  input: TrackInput,
  opts: PosterOptions,
  deps: PipelineDeps,
  on: Progress = {},
): Promise<Prepared> {
  const style = deps.getStyle(opts.style) // unknown style fails before any download
  on.stage?.('fetching')
  const track = await deps.fetchTrack(input, { signal: on.signal, onProgress: on.download })
  on.track?.(track)
  on.stage?.('analyzing')
  const analysis = await deps.analyse(track, { signal: on.signal, onPartial: on.analysis })
  throwIfAborted(on.signal, 'job')
  on.stage?.('prompting')
  const features = deps.featuresFromAnalysis(analysis)
  const suggested = deps.buildPrompts(features, { style: style.id, count: opts.variations, seed: opts.seed })
  const promptSet = opts.prompts ? withCustomPrompts(suggested, opts.prompts) : suggested
  on.prompts?.(promptSet)
  return { track, analysis, features, style, promptSet }
}

/**
 * Generates all variations as one engine batch and composes each poster. `done` lists variation
 * indices that already exist (a resumed job), which are neither generated nor composed again.
 */
export async function render(
  p: Prepared,
  opts: PosterOptions,
  deps: PipelineDeps,
  on: Progress = {},
  done: ReadonlySet<number> = new Set(),
): Promise<{ generation: GenerateResult; composeMs: number }> {
  on.stage?.('generating')
  const engine = await deps.engine()
  const { width, height } = engineSizeFor(opts.size, engine.id, p.style.typography.layout)
  const prompts = p.promptSet.prompts.map((x, i) => ({ ...x, index: i })).filter((x) => !done.has(x.index))
  const generation = await engine.generate(
    {
      prompts: prompts.map((x) => x.text),
      seeds: prompts.map((x) => x.seed),
      variations: prompts.map((x) => x.index),
      steps: opts.steps,
      guidance: opts.guidance,
      width,
      height,
      art: { features: p.features, palette: p.promptSet.palette, style: p.style.id },
    },
    { signal: on.signal, onStep: on.step },
  )
  on.stage?.('composing')
  const t0 = performance.now()
  for (const [i, image] of generation.images.entries()) {
    throwIfAborted(on.signal, 'job')
    const text: PosterText = {
      ...posterWords(p, opts),
      size: opts.size,
      bpm: p.analysis.tempo.bpm,
      bpmConfidence: p.analysis.tempo.confidence,
      // added by the tempo work; older analyses lack it
      bpmAlternatives: (p.analysis.tempo as { alternatives?: number[] }).alternatives,
      keyLabel: `${p.analysis.key.tonic} ${p.analysis.key.mode}`,
      durationSec: p.analysis.durationSec,
      palette: p.promptSet.palette,
      typography: p.style.typography,
      styleName: p.style.name,
      qrUrl: opts.qr ? p.track.meta.url : undefined,
      metadata: {
        prompt: prompts[i].text,
        seed: prompts[i].seed,
        engine: generation.engine,
        style: p.style.id,
        features: p.features,
      },
    }
    const output = await deps.composePoster({ ...text, image, artSvg: image.svg })
    await on.poster?.({
      index: prompts[i].index,
      engine: generation.engine,
      output,
      text,
      artSvg: image.svg,
      prompt: prompts[i].text,
      seed: prompts[i].seed,
    })
  }
  return { generation, composeMs: performance.now() - t0 }
}

/** Title, artist and subtitle: the job's own words where given, else the track's tags. */
export function posterWords(p: Pick<Prepared, 'track'>, opts: Pick<PosterOptions, 'title' | 'artist' | 'subtitle'>) {
  return {
    title: opts.title ?? p.track.meta.title,
    author: opts.artist ?? p.track.meta.author,
    subtitle: opts.subtitle ?? '',
  }
}
