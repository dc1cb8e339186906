import { test } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import { createSketchEngine } from '../../../src/engine/sketch/index.ts'
import { buildPrompts, listStyles, type PromptFeatures } from '../../../src/prompt/index.ts'
import type { GeneratedImage, GenerateRequest } from '../../../src/engine/engine.ts'
import { AppError } from '../../../src/errors.ts'
import { motifsFor, sketchDepicts, subjectOf } from '../../../src/engine/sketch/motifs.ts'
import { stepCount } from '../../helpers/metrics.ts'
import { FAST_LOUD_MAJOR as LOUD } from '../../helpers/features.ts'

const QUIET: PromptFeatures = {
  bpm: 64,
  tonic: 'A',
  mode: 'minor',
  energy: 0.1,
  valence: -0.7,
  arousal: -0.7,
  brightness: 0.15,
  danceability: 0.2,
  dynamicRangeDb: 14,
  mood: 'melancholic',
  sections: [0.1, 0.15, 0.12],
  durationSec: 240,
}

function request(f: PromptFeatures, style: string, seeds: number[], size = 256): GenerateRequest {
  const set = buildPrompts(f, { style, count: seeds.length, seed: 1 })
  return {
    prompts: set.prompts.map((p) => p.text),
    seeds,
    steps: 1,
    guidance: 1,
    width: size,
    height: Math.round(size * 1.5),
    art: { features: f, palette: set.palette, style },
  }
}

async function measure(img: GeneratedImage) {
  const s = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } }).stats()
  const mean = (s.channels[0].mean + s.channels[1].mean + s.channels[2].mean) / 3
  // edge density: share of pixels whose luminance differs from the right neighbour by > 24
  let edges = 0
  const { width: w, height: h, data } = img
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w - 1; x++) {
      const i = (y * w + x) * 3
      const l1 = data[i] * 0.3 + data[i + 1] * 0.59 + data[i + 2] * 0.11
      const l2 = data[i + 3] * 0.3 + data[i + 4] * 0.59 + data[i + 5] * 0.11
      if (Math.abs(l1 - l2) > 24) edges++
    }
  const [r, , b] = [s.channels[0].mean, s.channels[1].mean, s.channels[2].mean]
  return {
    mean,
    edges: edges / (w * h),
    warm: r - b,
    stdev: (s.channels[0].stdev + s.channels[1].stdev + s.channels[2].stdev) / 3,
  }
}

/** Mean absolute difference per channel, 0-255. */
function pixelDifference(a: GeneratedImage, b: GeneratedImage): number {
  let d = 0
  for (let i = 0; i < a.data.length; i++) d += Math.abs(a.data[i] - b.data[i])
  return d / a.data.length
}

test('the same seed gives identical bytes; another seed gives another image', async () => {
  const e = createSketchEngine()
  const a = await e.generate(request(LOUD, 'swiss', [7, 8]))
  const b = await e.generate(request(LOUD, 'swiss', [7, 8]))
  assert.equal(a.engine, 'sketch')
  assert.equal(a.images.length, 2)
  assert.equal(a.images[0].width, 256)
  assert.equal(a.images[0].height, 384)
  assert.equal(a.images[0].data.length, 256 * 384 * 3)
  assert.deepEqual(Buffer.from(a.images[0].data), Buffer.from(b.images[0].data))
  assert.notDeepEqual(Buffer.from(a.images[0].data), Buffer.from(a.images[1].data))
})

test('contrasting tracks give measurably different images in every style family', async () => {
  const e = createSketchEngine()
  for (const style of listStyles().map((st) => st.id)) {
    const loudImg = (await e.generate(request(LOUD, style, [1]))).images[0]
    const quietImg = (await e.generate(request(QUIET, style, [1]))).images[0]
    const [loud, quiet] = [await measure(loudImg), await measure(quietImg)]
    const diffs = [
      Math.abs(loud.mean - quiet.mean) > 8,
      Math.abs(loud.edges - quiet.edges) > 0.01,
      // hues are the style's own (ukiyo-e stays blue), so warmth is one sign among four
      Math.abs(loud.warm - quiet.warm) > 8,
      Math.abs(loud.stdev - quiet.stdev) > 5,
    ]
    assert.ok(
      diffs.filter(Boolean).length >= 1 && pixelDifference(loudImg, quietImg) > 12,
      `${style}: loud ${JSON.stringify(loud)} vs quiet ${JSON.stringify(quiet)}`,
    )
  }
})

test('loud major tracks are warmer and busier than quiet minor ones (synthwave)', async () => {
  const e = createSketchEngine()
  const loud = await measure((await e.generate(request(LOUD, 'synthwave', [3]))).images[0])
  const quiet = await measure((await e.generate(request(QUIET, 'synthwave', [3]))).images[0])
  assert.ok(loud.warm > quiet.warm, `warmth ${loud.warm} vs ${quiet.warm}`)
  assert.ok(loud.edges > quiet.edges, `edges ${loud.edges} vs ${quiet.edges}`)
})

test('cancel stops between images and reports steps per image', async () => {
  const e = createSketchEngine()
  const ac = new AbortController()
  const steps: number[] = []
  await assert.rejects(
    e.generate(request(LOUD, 'bauhaus', [1, 2, 3, 4]), {
      signal: ac.signal,
      onStep: (s) => (steps.push(s), s === 2 && ac.abort()),
    }),
    (err: AppError) => err.code === 'CANCELLED',
  )
  assert.deepEqual(steps, [1, 2])
})

test('without art it still draws something deterministic from the prompt', async () => {
  const e = createSketchEngine()
  const req = { prompts: ['a lighthouse at dusk'], seeds: [5], steps: 1, guidance: 1, width: 128, height: 128 }
  const a = await e.generate(req)
  const b = await e.generate(req)
  assert.deepEqual(Buffer.from(a.images[0].data), Buffer.from(b.images[0].data))
  assert.ok((await measure(a.images[0])).stdev > 5, 'not a flat image')
})

test('the variation index picks the layout: same seed and index, same bytes; other index, other picture', async () => {
  const e = createSketchEngine()
  const base = request(LOUD, 'synthwave', [11, 11, 11])
  const prompts = [base.prompts[0], base.prompts[0], base.prompts[0]]
  const a = await e.generate({ ...base, prompts, variations: [0, 0, 2] })
  assert.deepEqual(Buffer.from(a.images[0].data), Buffer.from(a.images[1].data))
  let diff = 0
  for (let i = 0; i < a.images[0].data.length; i++) diff += Math.abs(a.images[0].data[i] - a.images[2].data[i])
  assert.ok(diff / a.images[0].data.length > 20, `mean difference ${(diff / a.images[0].data.length).toFixed(1)}`)
})

test('subjects map to motifs, and abstract styles or unknown subjects report that they do not depict them', () => {
  assert.deepEqual(motifsFor('surfers on a huge wave'), ['wave', 'figure'])
  assert.deepEqual(motifsFor('a moonlit forest'), ['trees'])
  assert.deepEqual(motifsFor('a dancer mid-leap'), ['dancer'])
  assert.deepEqual(motifsFor('a record player in a sunlit room'), [])
  const prompt = 'ukiyo-e woodblock print, a moonlit forest, serene calm, dancing figures'
  assert.equal(subjectOf(prompt), 'a moonlit forest', 'the subject phrase, not the dance words')
  assert.equal(sketchDepicts('ukiyo-e', prompt), true)
  assert.equal(sketchDepicts('swiss', prompt), false)
  assert.equal(sketchDepicts('ukiyo-e', 'ukiyo-e woodblock print, a spiral staircase in shadow'), false)
})

test('the drawn motif follows the subject and each image says whether it shows it', async () => {
  const e = createSketchEngine()
  const set = buildPrompts(QUIET, { style: 'film-noir', count: 1, seed: 1 })
  const req = (subject: string): GenerateRequest => ({
    prompts: [`film noir still, ${subject}, wistful melancholy`],
    seeds: [3],
    variations: [1],
    steps: 1,
    guidance: 1,
    width: 200,
    height: 300,
    art: { features: QUIET, palette: set.palette, style: 'film-noir' },
  })
  const boat = (await e.generate(req('a single boat on a grey sea'))).images[0]
  const forest = (await e.generate(req('a moonlit forest'))).images[0]
  const room = (await e.generate(req('a window streaked with rain'))).images[0]
  assert.equal(boat.depicts, true)
  assert.equal(forest.depicts, true)
  assert.equal(room.depicts, false)
  let changed = 0
  for (let i = 0; i < boat.data.length; i += 3) if (Math.abs(boat.data[i] - forest.data[i]) > 30) changed++
  assert.ok(changed > 200, `only ${changed} pixels differ between a boat and a forest`)
})

test('the sketch engine observes engineStepDuration once per image', async () => {
  const sketch = createSketchEngine()
  const before = await stepCount('sketch')
  await sketch.generate({ prompts: ['a', 'b'], seeds: [1, 2], steps: 1, guidance: 1, width: 32, height: 32 })
  assert.equal((await stepCount('sketch')) - before, 2)
})
