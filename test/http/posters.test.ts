import { test } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import { writePosterFiles } from '../../src/jobs/poster-files.ts'
import { JobRequestSchema } from '../../src/jobs/options.ts'
import { composePoster, planFor, readPngText, type PosterText, type Rect } from '../../src/poster/index.ts'
import { sketchSvg } from '../../src/engine/sketch/index.ts'
import { getStyle } from '../../src/prompt/index.ts'
import { createTestApp } from '../helpers/app.ts'
import { CALM_A_MINOR } from '../helpers/features.ts'

const features = CALM_A_MINOR

function text(over: Partial<PosterText> = {}): PosterText {
  const style = getStyle('swiss')
  return {
    size: 'portrait',
    title: 'Quiet Harbour',
    author: 'Slow Tides',
    subtitle: '',
    bpm: 92,
    bpmConfidence: 0.9,
    keyLabel: 'A minor',
    durationSec: 221,
    palette: ['#f2f0ea', '#c0392b', '#e67e22', '#2980b9', '#1b1b1b'],
    typography: style.typography,
    styleName: style.name,
    metadata: { prompt: 'p', seed: 7, engine: 'sketch', style: 'swiss', features },
    ...over,
  }
}

/** A finished poster in the store and on disk, made the way the job runner makes one. */
async function seedPoster(t: Awaited<ReturnType<typeof createTestApp>>, vector: boolean) {
  const base = text()
  const A = planFor(base).frame.art
  const svg = sketchSvg({ width: A.w, height: A.h, art: { features, palette: base.palette, style: 'swiss' } }, 'p', 7)
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const image = { width: info.width, height: info.height, data: new Uint8Array(data), seed: 7 }
  const out = await composePoster({ ...base, image })
  const jobId = `j_test${vector ? 'v' : 'r'}`
  t.services.store.jobs.create(jobId, { url: 'x' }, {})
  const files = await writePosterFiles(t.dataDir, jobId, 0, { ...out, artSvg: vector ? svg : undefined })
  const { title, author, subtitle, ...compose } = base
  const rec = t.services.store.posters.insert({
    jobId,
    idx: 0,
    audioId: null,
    title,
    author,
    subtitle,
    compose,
    upscaled: out.upscaled,
    style: 'swiss',
    size: 'portrait',
    engine: 'sketch',
    seed: 7,
    prompt: 'p',
    bpm: 92,
    tonic: 'A',
    mode: 'minor',
    mood: 'calm',
    palette: base.palette,
    width: out.width,
    height: out.height,
    ...files,
  })
  return { id: rec.id, art: data, A, plan: planFor(base) }
}

async function raw(res: Response) {
  const { data, info } = await sharp(Buffer.from(await res.arrayBuffer()))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data, W: info.width, H: info.height }
}

function region(img: { data: Buffer; W: number }, r: Rect): Buffer {
  const rows: Buffer[] = []
  for (let y = Math.floor(r.y); y < Math.floor(r.y + r.h); y++)
    rows.push(img.data.subarray((y * img.W + Math.floor(r.x)) * 3, (y * img.W + Math.floor(r.x + r.w)) * 3))
  return Buffer.concat(rows)
}

const patch = (t: Awaited<ReturnType<typeof createTestApp>>, id: number, body: unknown) =>
  t.app.request(`/api/posters/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

test('PATCH with new words re-composes the title pixels and leaves the artwork pixels alone', async () => {
  const t = await createTestApp()
  try {
    const { id, plan } = await seedPoster(t, true)
    const before = await raw(await t.app.request(`/api/posters/${id}/image.png`))
    const res = await patch(t, id, { title: 'Harbour Lights At Dawn', artist: '', subtitle: 'Demo take' })
    assert.equal(res.status, 200)
    const view = (await res.json()) as Record<string, unknown>
    assert.deepEqual([view.title, view.author, view.subtitle], ['Harbour Lights At Dawn', '', 'Demo take'])
    const png = await t.app.request(`/api/posters/${id}/image.png`)
    const pngBytes = Buffer.from(await png.clone().arrayBuffer())
    assert.equal(readPngText(pngBytes)['mus2pic:title'], 'Harbour Lights At Dawn')
    const after = await raw(png)
    assert.deepEqual([after.W, after.H], [before.W, before.H])
    assert.ok(region(before, plan.frame.art).equals(region(after, plan.frame.art)), 'artwork pixels unchanged')
    assert.ok(!region(before, plan.boxes.title).equals(region(after, plan.boxes.title)), 'title pixels changed')
    // the gallery's text search sees the new title
    const found = (await (await t.app.request('/api/posters?q=lights')).json()) as { items: { id: number }[] }
    assert.deepEqual(
      found.items.map((p) => p.id),
      [id],
    )
    // favourite still works, alone
    const fav = (await (await patch(t, id, { favourite: true })).json()) as Record<string, unknown>
    assert.deepEqual([fav.favourite, fav.title], [true, 'Harbour Lights At Dawn'])
  } finally {
    await t.close()
  }
})

test('PATCH rejects an empty body, an empty title and unknown fields', async () => {
  const t = await createTestApp()
  try {
    const { id } = await seedPoster(t, false)
    for (const body of [{}, { title: '' }, { title: '   ' }, { colour: 'red' }, { title: 'x'.repeat(201) }])
      assert.equal((await patch(t, id, body)).status, 400, JSON.stringify(body).slice(0, 30))
  } finally {
    await t.close()
  }
})

test('art.png is the stored artwork, with no text and no QR', async () => {
  const t = await createTestApp()
  try {
    const { id, art, A } = await seedPoster(t, false)
    const res = await t.app.request(`/api/posters/${id}/art.png`)
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'image/png')
    const img = await raw(res)
    assert.deepEqual([img.W, img.H], [A.w, A.h])
    assert.ok(img.data.equals(art), 'identical to the generated artwork')
  } finally {
    await t.close()
  }
})

test('poster.svg parses as an SVG of the poster size; raster artwork has none', async () => {
  const t = await createTestApp()
  try {
    const vector = await seedPoster(t, true)
    const res = await t.app.request(`/api/posters/${vector.id}/poster.svg`)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^image\/svg\+xml/)
    const body = Buffer.from(await res.arrayBuffer())
    const meta = await sharp(body).metadata()
    assert.deepEqual([meta.format, meta.width, meta.height], ['svg', 1024, 1536])
    const view = (await (await t.app.request(`/api/posters/${vector.id}`)).json()) as Record<string, unknown>
    assert.equal(view.svgUrl, `/api/posters/${vector.id}/poster.svg`)
    const rasterOnly = await seedPoster(t, false)
    const none = await t.app.request(`/api/posters/${rasterOnly.id}/poster.svg`)
    assert.equal(none.status, 409)
    assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'POSTER_NOT_EDITABLE')
  } finally {
    await t.close()
  }
})

test('jobs accept their own words and the new sizes', () => {
  const job = JobRequestSchema.parse({
    url: 'https://youtu.be/dQw4w9WgXcQ',
    size: 'print-18x24',
    title: '  Night Drive ',
    artist: '',
    subtitle: 'Demo',
  })
  assert.deepEqual([job.size, job.title, job.artist, job.subtitle], ['print-18x24', 'Night Drive', '', 'Demo'])
  for (const size of ['feed', 'cover', 'a4', 'a3'])
    assert.equal(JobRequestSchema.parse({ audioId: 'dQw4w9WgXcQ', size }).size, size)
  assert.throws(() => JobRequestSchema.parse({ audioId: 'dQw4w9WgXcQ', title: '' }))
  assert.throws(() => JobRequestSchema.parse({ audioId: 'dQw4w9WgXcQ', size: 'a5' }))
})
