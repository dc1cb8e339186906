import { test } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import jsQRModule from 'jsqr'
import {
  composePoster,
  readPngText,
  SIZE_PRESETS,
  metaLine,
  type PosterInput,
  type SizePreset,
} from '../../src/poster/index.ts'
import { getStyle } from '../../src/prompt/index.ts'

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

test('each size preset gives a PNG of its exact dimensions and a 360 px WebP thumbnail', async () => {
  for (const size of Object.keys(SIZE_PRESETS) as SizePreset[]) {
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

test('emoji, CJK and 2,000-character titles render without crashing', async () => {
  for (const title of ['🎵🔥 Fire 🔥🎵', '東京の夜', 'A'.repeat(2000), 'word '.repeat(400), '', '   ']) {
    const out = await composePoster(input({ title, author: title }))
    assert.ok(out.png.length > 1000)
  }
})

test('typography is drawn where the layout puts it: the text area differs from the bare artwork', async () => {
  const out = await composePoster(input({ qrUrl: undefined }))
  const { width: W, height: H } = SIZE_PRESETS.portrait
  const region = async (top: number, height: number) =>
    sharp(
      await sharp(out.png)
        .extract({
          left: Math.round(W * 0.06),
          top: Math.round(top),
          width: Math.round(W * 0.6),
          height: Math.round(height),
        })
        .toBuffer(),
    ).stats()
  const art = await region(H * 0.2, H * 0.2)
  const text = await region(H * 0.76, H * 0.12)
  assert.ok(art.channels[0].stdev < 2, 'the artwork region is the flat test image')
  assert.ok(
    text.channels[0].stdev > 20,
    `the title region has letterforms (stdev ${text.channels[0].stdev.toFixed(1)})`,
  )
  assert.equal(metaLine({ bpm: 72.4, keyLabel: 'A minor', durationSec: 221 }), '72 BPM · A minor · 3:41')
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
