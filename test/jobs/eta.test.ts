// Time left for a job: the estimator on injected timings, and a repeated job run by the runner with the
// built-in engine and fixed stage times, whose ETA at the halfway point is checked against the truth.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { estimateEta, expectedStageMs, TIMED_STAGES } from '../../src/jobs/eta.ts'
import { JobRunner } from '../../src/jobs/runner.ts'
import { JobRequestSchema } from '../../src/jobs/options.ts'
import { openStore, TIMING_WINDOW, type StageTiming, type Store } from '../../src/store/index.ts'
import { silentLogger } from '../../src/logger.ts'
import { createSketchEngine } from '../../src/engine/sketch/index.ts'
import { buildPrompts, getStyle } from '../../src/prompt/index.ts'
import type { PipelineDeps } from '../../src/pipeline.ts'
import type { ImageEngine } from '../../src/engine/engine.ts'
import type { AudioAnalysis } from '../../src/audio/types.ts'
import type { PromptFeatures } from '../../src/prompt/types.ts'
import type { JobEvent } from '../../src/jobs/events.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const row = (stage: string, ms: number, trackSec = 100, variations = 4): StageTiming => ({
  stage,
  ms,
  trackSec,
  variations,
})
const fullHistory = (ms: Record<string, number>): StageTiming[] => TIMED_STAGES.map((s) => row(s, ms[s]))

test('no history for a remaining stage: null ("estimating…")', () => {
  assert.equal(estimateEta([], { state: 'queued', elapsedMs: 0, variations: 4 }), null)
  const noCompose = fullHistory({ fetching: 1, analyzing: 1, prompting: 1, generating: 1, composing: 1 }).slice(0, 4)
  assert.equal(estimateEta(noCompose, { state: 'generating', elapsedMs: 0, variations: 4 }), null)
})

test('scales download and analysis with the track length, generation and type with the variations', () => {
  const h = [row('analyzing', 2000, 100, 4), row('generating', 8000, 100, 4), row('composing', 400, 100, 4)]
  assert.equal(expectedStageMs(h, 'analyzing', { state: 'x', elapsedMs: 0, variations: 1, trackSec: 300 }), 6000)
  assert.equal(expectedStageMs(h, 'generating', { state: 'x', elapsedMs: 0, variations: 8 }), 16000)
  assert.equal(expectedStageMs(h, 'composing', { state: 'x', elapsedMs: 0, variations: 2 }), 200)
  // before the track is known, the history's mean length stands in
  assert.equal(expectedStageMs(h, 'analyzing', { state: 'x', elapsedMs: 0, variations: 1 }), 2000)
})

test('sums the rest of the current stage and the stages after it', () => {
  const h = fullHistory({ fetching: 1000, analyzing: 2000, prompting: 100, generating: 8000, composing: 400 })
  const eta = estimateEta(h, { state: 'analyzing', elapsedMs: 500, variations: 4, trackSec: 100 })!
  assert.equal(eta.seconds, (1500 + 100 + 8000 + 400) / 1000)
  assert.deepEqual(eta.basis, { samples: 1, from: 'history' })
  const queued = estimateEta(h, { state: 'queued', elapsedMs: 99_999, variations: 4, trackSec: 100 })!
  assert.equal(queued.seconds, 11.5)
})

test("engine steps refine the generating stage with the batch's own pace", () => {
  const h = fullHistory({ fetching: 0, analyzing: 0, prompting: 0, generating: 8000, composing: 400 })
  // 1 of 4 steps took 4 s, so 3 more take 12 s, whatever the history said
  const eta = estimateEta(h, { state: 'generating', elapsedMs: 4000, variations: 4, step: { k: 1, n: 4 } })!
  assert.equal(eta.seconds, 12.4)
  assert.equal(eta.basis.from, 'history+steps')
})

test('converges to the observed mean as samples accumulate', () => {
  // observed generation times scatter around 5000 ms; the estimate is their mean, not the first sample
  const observed = [7000, 3000, 6000, 4000, 5500, 4500, 5000, 5000]
  const h: StageTiming[] = []
  const job = { state: 'generating', elapsedMs: 0, variations: 4 }
  const errors: number[] = []
  for (const ms of observed) {
    h.push(row('generating', ms))
    errors.push(Math.abs(expectedStageMs(h, 'generating', job)! - 5000))
  }
  assert.equal(errors.at(-1), 0)
  assert.ok(errors.at(-1)! < errors[0], String(errors))
})

test('is never negative, whatever the history and however late the job runs', () => {
  const stage = fc.constantFrom('queued', ...TIMED_STAGES)
  const sample = fc.record({
    stage: fc.constantFrom(...TIMED_STAGES),
    ms: fc.double({ min: 0, max: 1e7, noNaN: true }),
    trackSec: fc.double({ min: 0, max: 7200, noNaN: true }),
    variations: fc.integer({ min: 0, max: 8 }),
  })
  fc.assert(
    fc.property(
      fc.array(sample, { maxLength: 40 }),
      stage,
      fc.double({ min: 0, max: 1e8, noNaN: true }),
      fc.integer({ min: 1, max: 8 }),
      fc.option(fc.record({ k: fc.integer({ min: 0, max: 10 }), n: fc.integer({ min: 1, max: 10 }) })),
      (history, state, elapsedMs, variations, step) => {
        const eta = estimateEta(history, { state, elapsedMs, variations, step: step ?? undefined })
        return eta === null || (eta.seconds >= 0 && Number.isFinite(eta.seconds))
      },
    ),
    { seed: 42, numRuns: 500 },
  )
})

test('the store keeps a rolling window per key and stage', () => {
  const store = openStore(':memory:')
  const key = { engine: 'sketch', device: 'cpu', size: 'portrait', steps: 4 }
  for (let i = 0; i < TIMING_WINDOW + 5; i++) store.timings.record(key, [row('generating', i), row('composing', 1)])
  store.timings.record({ ...key, size: 'square' }, [row('generating', 999)])
  const gen = store.timings.recent(key).filter((r) => r.stage === 'generating')
  assert.equal(gen.length, TIMING_WINDOW)
  assert.deepEqual(
    gen.map((r) => r.ms),
    Array.from({ length: TIMING_WINDOW }, (_, i) => TIMING_WINDOW + 4 - i),
  )
  assert.equal(store.timings.recent(key).filter((r) => r.stage === 'composing').length, TIMING_WINDOW)
  store.close()
})

const FEATURES: PromptFeatures = {
  bpm: 120,
  tonic: 'C',
  mode: 'major',
  energy: 0.6,
  valence: 0.3,
  arousal: 0.4,
  brightness: 0.5,
  danceability: 0.6,
  dynamicRangeDb: 8,
  mood: 'energetic',
  sections: [0.4, 0.7],
  durationSec: 60,
}

/** The built-in engine on a small canvas, each image held to a fixed time; other stages fixed too. */
function fixedTimePipeline(store: Store): PipelineDeps {
  const sketch = createSketchEngine()
  const IMAGE_MS = 250
  const engine: ImageEngine = {
    ...sketch,
    async generate(req, hooks) {
      const out = await sketch.generate({ ...req, width: 64, height: 96 }, { signal: hooks?.signal })
      for (let i = 1; i <= req.prompts.length; i++) {
        await sleep(IMAGE_MS)
        hooks?.onStep?.(i, req.prompts.length)
      }
      return out
    },
  }
  const analysis = {
    durationSec: 60,
    tempo: { bpm: 120 },
    key: { tonic: 'C', mode: 'major' },
    mood: { label: 'energetic' },
  }
  return {
    fetchTrack: async () => {
      await sleep(300)
      // the pipeline's fetchTrack owns the audio row (as services.ts does)
      store.media.upsertAudio({
        id: 'eta_test_01',
        source: 'upload',
        title: 'Steady',
        author: 'Clock',
        durationSec: 60,
      })
      return {
        audioId: 'eta_test_01',
        path: '/dev/null',
        cached: false,
        meta: { title: 'Steady', author: 'Clock', durationSec: 60, source: 'upload', fetchedAt: '' },
      }
    },
    analyse: async () => {
      await sleep(500)
      return analysis as unknown as AudioAnalysis
    },
    featuresFromAnalysis: () => FEATURES,
    getStyle,
    buildPrompts,
    engine: async () => engine,
    composePoster: async () => {
      await sleep(80)
      return {
        png: Buffer.from('png'),
        thumbWebp: Buffer.from('webp'),
        artPng: Buffer.from('art'),
        upscaled: false,
        width: 64,
        height: 96,
      }
    },
  }
}

test('a repeated job: the ETA at the halfway point is within 30% of the real time left', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-eta-'))
  const store = openStore(dir)
  const runner = new JobRunner({
    store,
    pipeline: fixedTimePipeline(store),
    dataDir: dir,
    queueMax: 5,
    logger: silentLogger,
    engineKey: () => ({ engine: 'sketch', device: 'cpu' }),
  })
  const runOnce = async () => {
    const seen: { at: number; ev: JobEvent }[] = []
    const job = runner.submit(JobRequestSchema.parse({ audioId: 'up_0123456789abcdef', variations: 4 }))
    const t0 = performance.now()
    const off = runner.events.subscribe(job.id, (ev) => seen.push({ at: performance.now() - t0, ev }))
    await runner.idle()
    off()
    const end = seen.find((s) => s.ev.type === 'state' && (s.ev.data as { state: string }).state === 'done')
    assert.ok(end, JSON.stringify(seen.map((s) => s.ev.data)))
    return { seen, total: end.at }
  }
  // warm what the first job would otherwise pay once (CLIP vocabulary, sharp): the history is of warm runs
  buildPrompts(FEATURES, { style: 'swiss', count: 1 })
  await createSketchEngine().generate({ prompts: ['x'], seeds: [1], steps: 1, guidance: 1, width: 8, height: 8 })
  try {
    const first = await runOnce()
    const firstEtas = first.seen.map((s) => (s.ev.data as { eta?: unknown }).eta).filter((e) => e !== undefined)
    assert.ok(firstEtas.length > 0 && firstEtas.every((e) => e === null), 'no history yet: every ETA is null')

    // two more runs: the estimate rests on the mean of three, as a person's third or fourth job would
    await runOnce()
    await runOnce()
    const second = await runOnce()
    const withEta = second.seen.filter((s) => (s.ev.data as { eta?: unknown }).eta)
    // the last estimate given at or before the halfway point, as the page would be showing it then
    const half = second.total / 2
    const shown = withEta.filter((s) => s.at <= half).at(-1)
    assert.ok(shown, `an estimate before ${half} ms`)
    const eta = (shown.ev.data as { eta: { seconds: number } }).eta.seconds * 1000
    const counted = eta - (half - shown.at) // the page counts down between events
    const actual = second.total - half
    assert.ok(
      Math.abs(counted - actual) <= 0.3 * actual,
      `shown ${Math.round(counted)} ms left at ${Math.round(half)} ms, really ${Math.round(actual)} ms`,
    )
  } finally {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
