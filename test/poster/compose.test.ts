import { test } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import jsQRModule from 'jsqr'
import {
  composePoster,
  planFor,
  posterSvg,
  readPngText,
  SIZE_PRESETS,
  type PosterInput,
  type Rect,
  type SizePreset,
} from '../../src/poster/index.ts'
import { getStyle, listStyles } from '../../src/prompt/index.ts'
import { sketchSvg } from '../../src/engine/sketch/index.ts'
import { CALM_A_MINOR } from '../helpers/features.ts'

// jsqr is CommonJS: its default export arrives as the module object under NodeNext typing.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (
  d: Uint8ClampedArray,
  w: number,
  h: number,
) => { data: string } | null

function flatImage(w: number, h: number, rgb: [number, number, number]) {
  const data = new Uint8Array(w * h * 3)
  for (let i = 0; i < w * h; i++) data.set(rgb, i * 3)
  return { width: w, height: h, data, seed: 1 }
}

function input(over: Partial<PosterInput> = {}): PosterInput {
  const style = getStyle('swiss')
  return {
    image: flatImage(64, 96, [200, 60, 40]),
    size: 'portrait',
    title: 'Quiet Harbour',
    author: 'Slow Tides',
    bpm: 72.4,
    keyLabel: 'A minor',
    durationSec: 221,
    palette: ['#f2f0ea', '#c0392b', '#e67e22', '#2980b9', '#1b1b1b'],
    typography: style.typography,
    styleName: style.name,
    qrUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    metadata: {
      prompt: 'swiss international style poster, a lighthouse at dusk',
      seed: 42,
      engine: 'sketch',
      style: 'swiss',
      features: { bpm: 72.4 },
    },
    ...over,
  }
}

test('each screen size preset gives a PNG of its exact dimensions and a 360 px WebP thumbnail', async () => {
  for (const size of ['portrait', 'square', 'phone', 'desktop', 'feed'] as SizePreset[]) {
    const out = await composePoster(input({ size }))
    const meta = await sharp(out.png).metadata()
    assert.equal(meta.format, 'png')
    assert.deepEqual(
      [meta.width, meta.height, out.width, out.height],
      [SIZE_PRESETS[size].width, SIZE_PRESETS[size].height, SIZE_PRESETS[size].width, SIZE_PRESETS[size].height],
    )
    const thumb = await sharp(out.thumbWebp).metadata()
    assert.equal(thumb.format, 'webp')
    assert.equal(thumb.width, 360)
  }
})

test('prompt, seed, engine, style and features travel as PNG text chunks (UTF-8 safe)', async () => {
  const out = await composePoster(
    input({
      title: 'Café del Mar — 東京',
      metadata: {
        prompt: 'prompt with ünïcödé',
        seed: 9,
        engine: 'lcm',
        style: 'swiss',
        features: { bpm: 120, mood: 'calm' },
      },
    }),
  )
  const text = readPngText(out.png)
  assert.equal(text['mus2pic:prompt'], 'prompt with ünïcödé')
  assert.equal(text['mus2pic:seed'], '9')
  assert.equal(text['mus2pic:engine'], 'lcm')
  assert.deepEqual(JSON.parse(text['mus2pic:features']), { bpm: 120, mood: 'calm' })
  assert.equal(text['mus2pic:title'], 'Café del Mar — 東京')
  await sharp(out.png).stats() // still a valid PNG for decoders
})

test('the QR code on the poster decodes to the song link', async () => {
  for (const layout of ['bottom-left', 'centered', 'band'] as const) {
    const out = await composePoster(input({ typography: { ...getStyle('swiss').typography, layout } }))
    const { data, info } = await sharp(out.png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    const qr = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)
    assert.equal(qr?.data, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', layout)
  }
})

/** Decoded RGB of a PNG, with a pixel reader. */
async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return {
    data,
    W: info.width,
    H: info.height,
    at: (x: number, y: number) => [0, 1, 2].map((c) => data[(y * info.width + x) * 3 + c]),
  }
}

/** Bounding box of pixels in `area` that differ from `bg` by more than 60 (sum over channels). */
function inkBox(img: Awaited<ReturnType<typeof pixels>>, area: Rect, bg: number[]): Rect | undefined {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -1
  let y1 = -1
  for (let y = Math.max(0, Math.floor(area.y)); y < Math.min(img.H, area.y + area.h); y++)
    for (let x = Math.max(0, Math.floor(area.x)); x < Math.min(img.W, area.x + area.w); x++) {
      const p = img.at(x, y)
      if (Math.abs(p[0] - bg[0]) + Math.abs(p[1] - bg[1]) + Math.abs(p[2] - bg[2]) > 60) {
        x0 = Math.min(x0, x)
        y0 = Math.min(y0, y)
        x1 = Math.max(x1, x)
        y1 = Math.max(y1, y)
      }
    }
  return x1 < 0 ? undefined : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 }
}

const GROUND = [0xf2, 0xf0, 0xea]

test('emoji, CJK, empty and 2,000-character titles give a full poster with at most three title lines', async () => {
  for (const title of ['🎵🔥 Fire 🔥🎵', '東京の夜 Tokyo', 'A'.repeat(2000), 'word '.repeat(400), '', '   ']) {
    const inp = input({ title, author: title, qrUrl: undefined })
    const plan = planFor(inp)
    const out = await composePoster(inp)
    const img = await pixels(out.png)
    assert.deepEqual([img.W, img.H], [1024, 1536])
    assert.ok(
      plan.title.lines.length >= 1 && plan.title.lines.length <= 3,
      `${title.slice(0, 9)}: ${plan.title.lines.length}`,
    )
    // ink inside the title box, none between its right edge and the canvas margin
    const T = plan.boxes.title
    const ink = inkBox(img, T, GROUND)
    assert.ok(ink && ink.w > T.w * 0.5, `${JSON.stringify(title.slice(0, 9))}: title drawn`)
    const right = { x: T.x + T.w + 2, y: T.y, w: img.W - T.x - T.w - 2, h: T.h }
    assert.equal(
      inkBox(img, right, GROUND),
      undefined,
      `${JSON.stringify(title.slice(0, 9))}: nothing right of the title`,
    )
  }
  assert.equal(planFor(input({ title: '   ' })).title.lines.join(' '), 'untitled') // swiss sets lower case
})

test('the facts line is drawn where the plan puts it, at least 2.5% of the height tall', async () => {
  for (const style of ['swiss', 'ukiyo-e', 'film-noir', 'bauhaus']) {
    const s = getStyle(style)
    const inp = input({ typography: s.typography, styleName: s.name, qrUrl: undefined })
    const plan = planFor(inp)
    const img = await pixels((await composePoster(inp)).png)
    const F = plan.boxes.facts
    assert.ok(plan.factsSize >= 1536 * 0.025, `${style}: ${plan.factsSize}`)
    // on the flat art layouts (band, centred) the ground under the text is the scrim, sample it
    const bg = img.at(Math.round(F.x + F.w + 4), Math.round(F.y + 2))
    const ink = inkBox(img, { x: F.x - 20, y: F.y, w: F.w + 40, h: F.h }, bg)
    assert.ok(ink, `${style}: facts drawn`)
    assert.ok(
      ink.x >= F.x - 2 && ink.x + ink.w <= F.x + F.w + 2,
      `${style}: ink ${JSON.stringify(ink)} in ${JSON.stringify(F)}`,
    )
    assert.ok(ink.w >= F.w * 0.9, `${style}: ink spans the box (${ink.w} of ${F.w})`)
    // the letters' cap height is a real share of the line: the tallest glyphs reach 60% of the font size
    assert.ok(ink.h >= plan.factsSize * 0.6, `${style}: ink ${ink.h} px tall for ${plan.factsSize} px type`)
  }
})

test('the artwork fills its rectangle untouched by text, enlarged art is marked upscaled', async () => {
  const small = await composePoster(input({ qrUrl: undefined }))
  assert.equal(small.upscaled, true)
  assert.equal(readPngText(small.png)['mus2pic:upscaled'], 'true')
  const plan = planFor(input())
  const A = plan.frame.art
  const exact = await composePoster(input({ image: flatImage(A.w, A.h, [200, 60, 40]) }))
  assert.equal(exact.upscaled, false)
  const img = await pixels(exact.png)
  for (const [fx, fy] of [
    [0.02, 0.02],
    [0.5, 0.5],
    [0.98, 0.98],
  ])
    assert.deepEqual(img.at(Math.round(A.x + A.w * fx), Math.round(A.y + A.h * fy)), [200, 60, 40])
  // the raw artwork is kept losslessly
  const art = await sharp(exact.artPng).raw().toBuffer()
  assert.ok(art.equals(Buffer.from(flatImage(A.w, A.h, [200, 60, 40]).data)))
})

test('print sizes compose at 300 dpi dimensions', async () => {
  for (const size of ['a4', 'cover'] as SizePreset[]) {
    const out = await composePoster(input({ size }))
    const meta = await sharp(out.png).metadata()
    assert.deepEqual([meta.width, meta.height], [SIZE_PRESETS[size].width, SIZE_PRESETS[size].height])
  }
})

test('the SVG poster has the poster size, outlined text, and draws what the PNG draws', async () => {
  const s = getStyle('swiss')
  const base = input({ typography: s.typography })
  const A = planFor(base).frame.art
  const features = CALM_A_MINOR
  const art = sketchSvg({ width: A.w, height: A.h, art: { features, palette: base.palette, style: 'swiss' } }, 'p', 7)
  const { data, info } = await sharp(Buffer.from(art)).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const png = (
    await composePoster({
      ...base,
      image: { width: info.width, height: info.height, data: new Uint8Array(data), seed: 7 },
    })
  ).png
  const svg = posterSvg(base, art)
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1024" height="1536"/)
  assert.doesNotMatch(svg, /<text|<image|font-family/)
  const fromSvg = await pixels(await sharp(Buffer.from(svg)).png().toBuffer())
  const fromPng = await pixels(png)
  assert.deepEqual([fromSvg.W, fromSvg.H], [1024, 1536])
  let diff = 0
  for (let i = 0; i < fromPng.data.length; i++) diff += Math.abs(fromPng.data[i] - fromSvg.data[i])
  const mean = diff / fromPng.data.length
  assert.ok(mean < 3, `mean difference ${mean.toFixed(2)} per channel`)
})

test('every style composes at phone size with its title inside the title box', async () => {
  for (const s of listStyles()) {
    const inp = input({
      size: 'phone',
      typography: s.typography,
      styleName: s.name,
      title: 'The Long and Winding Road Home',
    })
    const plan = planFor(inp)
    const img = await pixels((await composePoster(inp)).png)
    const T = plan.boxes.title
    assert.ok(plan.title.lines.length <= 3)
    const bg = img.at(Math.round(Math.max(2, T.x - 6)), Math.round(T.y + T.h / 2))
    assert.ok(inkBox(img, T, bg), `${s.id}: title drawn in its box`)
  }
})

test('every shipped font draws titles as finite path data (no NaN control points)', async () => {
  const { loadFont, textPath } = await import('../../src/poster/fonts.ts')
  for (const family of ['sans', 'serif', 'display', 'mono'] as const)
    for (const weight of [400, 700, 900]) {
      const run = textPath(loadFont(family, weight), 'Quiet Harbour — Neon Run 128 BPM', 10.3, 90.7, 83)
      assert.ok(run.d.length > 200, `${family} ${weight} draws`)
      assert.doesNotMatch(run.d, /NaN|undefined/, `${family} ${weight}`)
      assert.ok(run.width > 500)
    }
})
