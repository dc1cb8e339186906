// Poster composition speed per size (targets: < 200 ms at 1024x1536, < 3 s for A3), with the
// sketch engine drawing the art at its place on the poster, plus LCM-sized art upscaled, and memory.
import type { Report } from './run.ts'
import { createSketchEngine } from '../src/engine/sketch/index.ts'
import type { GeneratedImage } from '../src/engine/engine.ts'
import { engineSizeFor } from '../src/pipeline.ts'
import {
  composePoster,
  planFor,
  SIZE_IDS,
  SIZE_PRESETS,
  type PosterText,
  type SizePreset,
} from '../src/poster/index.ts'
import { buildPrompts, getStyle, listStyles } from '../src/prompt/index.ts'
import { ENERGETIC_A_MINOR as F } from '../test/helpers/features.ts'
import { median } from './helpers/stats.ts'

const STYLE = 'swiss'

function text(size: SizePreset, palette: string[], prompt: string): PosterText {
  const style = getStyle(STYLE)
  return {
    size,
    title: 'Neon Run Through the Night (feat. The Quiet Harbour Choir)',
    author: 'The Test Tones',
    subtitle: 'Live at the Roundhouse',
    bpm: 128,
    bpmConfidence: 0.4,
    keyLabel: 'A minor',
    durationSec: 214,
    palette,
    typography: style.typography,
    styleName: style.name,
    qrUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    metadata: { prompt, seed: 1, engine: 'sketch', style: STYLE, features: F },
  }
}

async function time(runs: number, fn: () => Promise<number>) {
  const wall: number[] = []
  const cpu: number[] = []
  let bytes = 0
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    bytes = await fn()
    wall.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  return { wall: median(wall), cpu: median(cpu), bytes }
}

/** Layout numbers per size over every style: facts-line share of the height, smallest 60-character title. */
function layoutTable(report: Report) {
  report.section('Layout over all styles: facts line (% of height, px in a 300 px wide thumbnail), 60-char title')
  const long = 'The Long and Winding Road Back Home (feat. Quiet Rain On Sea)'
  for (const size of SIZE_IDS) {
    const { width: W, height: H } = SIZE_PRESETS[size]
    let facts = Infinity
    let worst = { size: Infinity, lines: 0, style: '' }
    for (const style of listStyles()) {
      const p = planFor({
        ...text(size, ['#000', '#111', '#222', '#333', '#fff'], 'x'),
        title: long,
        typography: style.typography,
      })
      facts = Math.min(facts, p.factsSize)
      if (p.title.size < worst.size) worst = { size: p.title.size, lines: p.title.lines.length, style: style.id }
    }
    report.row(
      `${size} ${W}x${H}`,
      `facts ${((facts / H) * 100).toFixed(2)}%`,
      `${((facts * 300) / W).toFixed(1)} px @300; smallest title ${worst.size} px ` +
        `(${((worst.size / H) * 100).toFixed(1)}%), ${worst.lines} lines, ${worst.style}`,
    )
  }
}

export default async function (report: Report) {
  layoutTable(report)
  const engine = createSketchEngine()
  const set = buildPrompts(F, { style: STYLE, count: 1, seed: 1 })
  const art = async (size: SizePreset, kind: 'sketch' | 'lcm'): Promise<GeneratedImage> => {
    const { width, height } = engineSizeFor(size, kind, getStyle(STYLE).typography.layout)
    const req = { width, height, art: { features: F, palette: set.palette, style: STYLE } }
    const out = await engine.generate({ prompts: ['x'], seeds: [1], steps: 1, guidance: 1, ...req })
    return out.images[0]
  }

  report.section('Poster composition: type + QR + palette + PNG + WebP thumbnail + lossless art PNG (wall, CPU)')
  for (const size of SIZE_IDS) {
    const { width, height } = SIZE_PRESETS[size]
    const image = await art(size, 'sketch')
    const runs = width * height > 12e6 ? 1 : width * height > 4e6 ? 3 : 5
    const r = await time(runs, async () => (await composePoster({ ...text(size, set.palette, 'x'), image })).png.length)
    const target = size === 'portrait' ? 200 : size === 'a3' ? 3000 : undefined
    const verdict = target ? (r.wall < target ? `ok (< ${target} ms)` : `OVER ${target} ms`) : ''
    report.row(
      `${size} ${width}x${height} (art ${image.width}x${image.height})`,
      `${r.wall.toFixed(0)} ms`,
      `cpu ${r.cpu.toFixed(0)} ms, PNG ${(r.bytes / 1024).toFixed(0)} KB ${verdict}`,
    )
  }

  report.section('LCM-sized art upscaled (lanczos3) into the poster')
  for (const size of ['portrait', 'a3'] as SizePreset[]) {
    const image = await art(size, 'lcm')
    const r = await time(3, async () => {
      const t = text(size, set.palette, 'x')
      // engine 'lcm': the PNG settings for photographic art (adaptive filtering)
      const out = await composePoster({ ...t, metadata: { ...t.metadata, engine: 'lcm' }, image })
      if (!out.upscaled) throw new Error('expected upscaled art')
      return out.png.length
    })
    report.row(`${size} from ${image.width}x${image.height}`, `${r.wall.toFixed(0)} ms`, `cpu ${r.cpu.toFixed(0)} ms`)
  }

  report.section('Memory: the largest size (18x24 in, 5400x7200)')
  const before = process.memoryUsage().rss
  const image = await art('print-18x24', 'sketch')
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  await composePoster({ ...text('print-18x24', set.palette, 'x'), image })
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  report.row(
    'peak RSS during composition',
    `${(peak / 2 ** 20).toFixed(0)} MB`,
    `${(before / 2 ** 20).toFixed(0)} MB before`,
  )
}
