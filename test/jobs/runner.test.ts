// The job runner with stage functions faked in code: state order, persistence before announcement,
// overlap of preparation with generation, cancel, queue limit and restart recovery.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JobRunner } from '../../src/jobs/runner.ts'
import { JobRequestSchema } from '../../src/jobs/options.ts'
import { openStore, type Store } from '../../src/store/index.ts'
import { silentLogger } from '../../src/logger.ts'
import type { PipelineDeps } from '../../src/pipeline.ts'
import type { ImageEngine } from '../../src/engine/engine.ts'
import type { AudioAnalysis } from '../../src/audio/types.ts'
import { AppError, throwIfAborted } from '../../src/errors.ts'
import { SCHEMES } from '../../src/prompt/schemes.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function fakeAnalysis(): AudioAnalysis {
  return {
    version: 1,
    durationSec: 30,
    sampleRate: 22050,
    tempo: { bpm: 128, confidence: 0.9, curve: [], beats: [], candidates: [], alternatives: [] },
    key: { tonic: 'A', mode: 'minor', confidence: 0.8, camelot: '8A', chroma: [] },
    energy: { rmsMean: 0.2, level: 0.7, loudnessDb: -12, dynamicRangeDb: 8, curve: [] },
    spectral: { centroidHz: 2000, rolloffHz: 5000, flatness: 0.1, zcr: 0.05, brightness: 0.5, mfcc: [] },
    mood: { arousal: 0.5, valence: -0.2, label: 'energetic', danceability: 0.7, beatStrength: 0.6 },
    sections: [],
    waveform: [],
    timings: { featuresMs: 1, tempoMs: 1, keyMs: 1, moodMs: 1, totalMs: 4 },
  }
}

/** A pipeline whose stages take set times and record when generation runs. */
function fakePipeline(
  log: string[],
  opts: { prepMs?: number; stepMs?: number; steps?: number; failFetch?: boolean } = {},
): PipelineDeps {
  const engine: ImageEngine = {
    id: 'sketch',
    info: () => ({ id: 'sketch', name: 'fake', device: 'cpu', loaded: true, available: true, files: [] }),
    load: async () => {},
    close: async () => {},
    async generate(req, hooks) {
      log.push(`gen-start ${req.prompts[0]}`)
      const total = opts.steps ?? 4
      for (let s = 1; s <= total; s++) {
        await sleep(opts.stepMs ?? 5)
        throwIfAborted(hooks?.signal, 'generation')
        hooks?.onStep?.(s, total)
      }
      log.push(`gen-end ${req.prompts[0]}`)
      return {
        engine: 'sketch',
        timings: { render: 1 },
        images: req.prompts.map((_, i) => ({
          width: 2,
          height: 2,
          data: new Uint8Array(12).fill(i),
          seed: req.seeds[i],
        })),
      }
    },
  }
  return {
    async fetchTrack(input) {
      const id = 'url' in input ? input.url : 'audioId' in input ? input.audioId : 'file'
      log.push(`fetch ${id}`)
      await sleep(opts.prepMs ?? 5)
      if (opts.failFetch) throw new AppError('VIDEO_PRIVATE', 'This video is private')
      return {
        audioId: id,
        path: '/dev/null',
        cached: false,
        meta: { title: `T ${id}`, author: 'A', durationSec: 30, source: 'youtube', fetchedAt: '' },
      }
    },
    async analyse(track, o) {
      await sleep(opts.prepMs ?? 5)
      o.onPartial?.({ kind: 'tempo', tempo: fakeAnalysis().tempo })
      log.push(`analysed ${track.audioId}`)
      return fakeAnalysis()
    },
    featuresFromAnalysis: () => ({
      bpm: 128,
      tonic: 'A',
      mode: 'minor',
      energy: 0.7,
      valence: -0.2,
      arousal: 0.5,
      brightness: 0.5,
      danceability: 0.7,
      dynamicRangeDb: 8,
      mood: 'energetic',
      sections: [],
      durationSec: 30,
    }),
    getStyle: (id) => {
      if (id !== 'swiss') throw new AppError('UNKNOWN_STYLE', `unknown style ${id}`)
      return {
        id: 'swiss',
        name: 'Swiss',
        description: '',
        medium: [],
        motifs: [],
        palette: SCHEMES.swiss,
        typography: { family: 'sans', weight: 700, case: 'upper', layout: 'bottom-left', letterSpacing: 0 },
      }
    },
    buildPrompts: (_f, o) => ({
      style: o.style,
      palette: ['#000000', '#111111', '#222222', '#333333', '#ffffff'],
      prompts: Array.from({ length: o.count }, (_, i) => ({
        text: `prompt ${i}`,
        tokens: 4,
        explanation: [],
        seed: i,
      })),
    }),
    engine: async () => engine,
    composePoster: async (input) => ({
      png: Buffer.from(`png ${input.metadata.prompt}`),
      thumbWebp: Buffer.from('webp'),
      artPng: Buffer.from('art'),
      width: 2,
      height: 3,
      upscaled: false,
    }),
  }
}

/** As the server's fetchTrack (services.ts) does, records the fetched track's audio row: jobs refer to it. */
function recordingAudio(pipeline: PipelineDeps, store: Store): PipelineDeps {
  return {
    ...pipeline,
    async fetchTrack(input, o) {
      const t = await pipeline.fetchTrack(input, o)
      store.media.upsertAudio({
        id: t.audioId,
        source: t.meta.source,
        title: t.meta.title,
        author: t.meta.author,
        durationSec: t.meta.durationSec,
      })
      return t
    },
  }
}

function setup(pipeline: PipelineDeps, queueMax = 10) {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-runner-'))
  const store = openStore(dir)
  const runner = new JobRunner({
    store,
    pipeline: recordingAudio(pipeline, store),
    dataDir: dir,
    queueMax,
    logger: silentLogger,
  })
  return {
    dir,
    store,
    runner,
    done: () => {
      store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const req = (url: string, extra: object = {}) => JobRequestSchema.parse({ url, variations: 2, ...extra })

test('a job moves through every state in order, persisting each before announcing it', async () => {
  const log: string[] = []
  const { store, runner, dir, done } = setup(fakePipeline(log))
  try {
    const seenInDb: string[] = []
    const job = runner.submit(req('vid1'))
    runner.events.subscribe(job.id, (e) => {
      if (e.type === 'state') seenInDb.push(store.jobs.get(job.id)!.state) // the row already holds the announced state
    })
    await runner.idle()
    const states = store.jobs
      .eventsAfter(job.id)
      .filter((e) => e.type === 'state')
      .map((e) => (e.data as { state: string }).state)
    assert.deepEqual(states, ['queued', 'fetching', 'analyzing', 'prompting', 'generating', 'composing', 'done'])
    assert.ok(seenInDb.length >= 5)
    assert.deepEqual(seenInDb, states.slice(-seenInDb.length))
    const types = store.jobs.eventsAfter(job.id).map((e) => e.type)
    for (const t of ['track', 'analysis', 'prompts', 'step', 'poster']) assert.ok(types.includes(t), `has a ${t} event`)
    assert.ok(types.indexOf('analysis') < types.indexOf('prompts') && types.indexOf('prompts') < types.indexOf('step'))
    const posters = store.posters.byJob(job.id)
    assert.equal(posters.length, 2)
    assert.ok(posters.every((p) => existsSync(join(dir, p.pngPath)) && existsSync(join(dir, p.thumbPath))))
    const final = store.jobs.get(job.id)!
    for (const stage of ['queued', 'fetching', 'analyzing', 'prompting', 'generating', 'composing'])
      assert.equal(typeof final.timings[stage], 'number', `timing for ${stage}`)
    assert.deepEqual(
      (final.result as { posters: number[] }).posters,
      posters.map((p) => p.id),
    )
  } finally {
    done()
  }
})

test("the next job's download and analysis overlap the current job's generation", async () => {
  const log: string[] = []
  const { runner, done } = setup(fakePipeline(log, { prepMs: 5, stepMs: 40, steps: 4 }))
  try {
    runner.submit(req('first'))
    runner.submit(req('second'))
    await runner.idle()
    const genEndFirst = log.indexOf('gen-end prompt 0')
    assert.ok(
      log.indexOf('analysed second') < genEndFirst,
      `second job analysed during first generation: ${log.join(', ')}`,
    )
    // one engine batch at a time
    const starts = log.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('gen-'))
    assert.deepEqual(
      starts.map(([l]) => l),
      ['gen-start prompt 0', 'gen-end prompt 0', 'gen-start prompt 0', 'gen-end prompt 0'],
    )
  } finally {
    done()
  }
})

test('cancel during generation stops at the next step and ends the job cancelled', async () => {
  const log: string[] = []
  const { store, runner, done } = setup(fakePipeline(log, { stepMs: 30, steps: 8 }))
  try {
    const job = runner.submit(req('slow'))
    await new Promise<void>((resolve) =>
      runner.events.subscribe(job.id, (e) => e.type === 'step' && (e.data as { step: number }).step === 2 && resolve()),
    )
    runner.cancel(job.id)
    await runner.idle()
    const j = store.jobs.get(job.id)!
    assert.equal(j.state, 'cancelled')
    const steps = store.jobs.eventsAfter(job.id).filter((e) => e.type === 'step').length
    assert.ok(steps <= 3, `stopped within one step, saw ${steps}`)
    assert.ok(!log.includes('gen-end prompt 0'))
    assert.throws(
      () => runner.cancel(job.id),
      (e: AppError) => e.code === 'JOB_NOT_CANCELLABLE',
    )
  } finally {
    done()
  }
})

test('a failing stage ends the job failed with its code and message', async () => {
  const { store, runner, done } = setup(fakePipeline([], { failFetch: true }))
  try {
    const job = runner.submit(req('private'))
    await runner.idle()
    const j = store.jobs.get(job.id)!
    assert.equal(j.state, 'failed')
    assert.deepEqual(j.error, { code: 'VIDEO_PRIVATE', message: 'This video is private' })
  } finally {
    done()
  }
})

test('the queue refuses work beyond its limit with QUEUE_FULL', async () => {
  const { runner, done } = setup(fakePipeline([], { prepMs: 50 }), 2)
  try {
    runner.submit(req('a'))
    runner.submit(req('b'))
    assert.throws(
      () => runner.submit(req('c')),
      (e: AppError) => e.code === 'QUEUE_FULL' && e.status === 429,
    )
    await runner.idle()
  } finally {
    done()
  }
})

test('on restart, jobs left running are resumed, and failed with a reason after too many tries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-recover-'))
  try {
    let store: Store = openStore(dir)
    store.jobs.create('j_crashed00000000000001', { url: 'v1' }, req('v1'))
    store.jobs.setState('j_crashed00000000000001', 'generating')
    store.jobs.create('j_crashed00000000000002', { url: 'v2' }, req('v2'))
    store.jobs.setState('j_crashed00000000000002', 'analyzing')
    store.jobs.bumpAttempts('j_crashed00000000000002')
    store.jobs.bumpAttempts('j_crashed00000000000002')
    store.close()
    store = openStore(dir)
    const runner = new JobRunner({
      store,
      pipeline: recordingAudio(fakePipeline([]), store),
      dataDir: dir,
      queueMax: 10,
      logger: silentLogger,
    })
    const r = runner.recover()
    assert.deepEqual(r, { resumed: ['j_crashed00000000000001'], failed: ['j_crashed00000000000002'] })
    await runner.idle()
    assert.equal(store.jobs.get('j_crashed00000000000001')!.state, 'done')
    assert.equal(store.posters.byJob('j_crashed00000000000001').length, 2)
    const failed = store.jobs.get('j_crashed00000000000002')!
    assert.equal(failed.state, 'failed')
    assert.equal(failed.error?.code, 'INTERRUPTED')
    store.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('job requests are validated: exactly one source, ranges, no unknown fields', () => {
  assert.equal(JobRequestSchema.safeParse({ url: 'x', audioId: 'dQw4w9WgXcQ' }).success, false)
  assert.equal(JobRequestSchema.safeParse({}).success, false)
  assert.equal(JobRequestSchema.safeParse({ url: 'x', variations: 9 }).success, false)
  assert.equal(JobRequestSchema.safeParse({ url: 'x', size: 'huge' }).success, false)
  assert.equal(JobRequestSchema.safeParse({ url: 'x', extra: 1 }).success, false)
  const ok = JobRequestSchema.parse({ url: 'x' })
  assert.deepEqual([ok.style, ok.variations, ok.size, ok.steps, ok.qr], ['swiss', 4, 'portrait', 4, true])
})

test('a job interrupted while composing keeps its finished posters and redoes only the rest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-resume-'))
  try {
    const { mkdirSync, writeFileSync } = await import('node:fs')
    const store = openStore(dir)
    const id = 'j_composing000000000001'
    store.jobs.create(id, { url: 'v9' }, req('v9', { variations: 3 }))
    store.jobs.setState(id, 'composing')
    mkdirSync(join(dir, 'posters', id), { recursive: true })
    for (const f of ['0.png', '0.thumb.webp', '1.png', '1.png.123.tmp']) writeFileSync(join(dir, 'posters', id, f), 'x')
    const kept = store.posters.insert({
      jobId: id,
      idx: 0,
      audioId: null,
      title: 't',
      author: 'a',
      style: 'swiss',
      size: 'portrait',
      engine: 'sketch',
      seed: 0,
      prompt: 'prompt 0',
      bpm: 1,
      tonic: 'A',
      mode: 'minor',
      mood: 'dark',
      palette: [],
      width: 2,
      height: 3,
      pngPath: `posters/${id}/0.png`,
      thumbPath: `posters/${id}/0.thumb.webp`,
      bytes: 1,
    })
    const log: string[] = []
    const runner = new JobRunner({
      store,
      pipeline: recordingAudio(fakePipeline(log), store),
      dataDir: dir,
      queueMax: 10,
      logger: silentLogger,
    })
    runner.recover()
    assert.ok(!existsSync(join(dir, 'posters', id, '1.png.123.tmp')), 'partial files removed')
    await runner.idle()
    const posters = store.posters.byJob(id)
    assert.deepEqual(
      posters.map((p) => p.idx),
      [0, 1, 2],
    )
    assert.equal(posters[0].id, kept.id, 'the finished poster keeps its id')
    assert.deepEqual(
      (store.jobs.get(id)!.result as { posters: number[] }).posters,
      posters.map((p) => p.id),
    )
    assert.ok(log.includes('gen-start prompt 1'), 'only the missing variations were generated')
    store.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
