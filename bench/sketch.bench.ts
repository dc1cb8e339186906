// Built-in engine and poster composition speed at real sizes.
import type { Report } from './run.ts'
import { createSketchEngine } from '../src/engine/sketch/index.ts'
import { composePoster, SIZE_PRESETS, type SizePreset } from '../src/poster/index.ts'
import { buildPrompts, getStyle, listStyles } from '../src/prompt/index.ts'
import { ENERGETIC_A_MINOR as F } from '../test/helpers/features.ts'
import { median } from './helpers/stats.ts'

export default async function (report: Report) {
  report.section('Sketch engine: one 1024x1536 artwork per style (target < 300 ms)')
  const engine = createSketchEngine()
  const all: number[] = []
  let slowest = { id: '', ms: 0 }
  for (const style of listStyles()) {
    const set = buildPrompts(F, { style: style.id, count: 1, seed: 1 })
    const times: number[] = []
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      await engine.generate({
        prompts: [set.prompts[0].text],
        seeds: [i],
        steps: 1,
        guidance: 1,
        width: 1024,
        height: 1536,
        art: { features: F, palette: set.palette, style: style.id },
      })
      times.push(performance.now() - t0)
    }
    const m = median(times)
    all.push(m)
    if (m > slowest.ms) slowest = { id: style.id, ms: m }
  }
  report.row('median over styles', `${median(all).toFixed(0)} ms`, median(all) < 300 ? 'ok' : 'OVER TARGET')
  report.row(`slowest style (${slowest.id})`, `${slowest.ms.toFixed(0)} ms`, slowest.ms < 300 ? 'ok' : 'OVER TARGET')

  report.section('Sketch render + compose per 1024x1536 poster, 4 variations per style (target < 200 ms)')
  let worst = { id: '', ms: 0 }
  const perPoster: number[] = []
  for (const style of listStyles()) {
    const set = buildPrompts(F, { style: style.id, count: 4, seed: 1 })
    const t0 = performance.now()
    const { images } = await engine.generate({
      prompts: set.prompts.map((p) => p.text),
      seeds: set.prompts.map((p) => p.seed),
      variations: [0, 1, 2, 3],
      steps: 1,
      guidance: 1,
      width: 1024,
      height: 1536,
      art: { features: F, palette: set.palette, style: style.id },
    })
    for (const [i, image] of images.entries())
      await composePoster({
        image,
        size: 'portrait',
        title: 'Neon Run Through the Night',
        author: 'The Test Tones',
        bpm: 128,
        keyLabel: 'A minor',
        durationSec: 214,
        palette: set.palette,
        typography: style.typography,
        styleName: style.name,
        metadata: { prompt: set.prompts[i].text, seed: 1, engine: 'sketch', style: style.id, features: F },
      })
    const ms = (performance.now() - t0) / 4
    perPoster.push(ms)
    if (ms > worst.ms) worst = { id: style.id, ms }
  }
  report.row('median style, per poster', `${median(perPoster).toFixed(0)} ms`, median(perPoster) < 200 ? 'ok' : 'OVER')
  report.row(`slowest style (${worst.id}), per poster`, `${worst.ms.toFixed(0)} ms`, worst.ms < 200 ? 'ok' : 'OVER')

  report.section('Sketch render at A3 300 dpi (3508x4961), raw RGB, slowest variation per style')
  const a3: number[] = []
  let a3worst = { id: '', ms: 0 }
  for (const style of listStyles()) {
    const set = buildPrompts(F, { style: style.id, count: 4, seed: 1 })
    for (let v = 0; v < 4; v++) {
      const t0 = performance.now()
      await engine.generate({
        prompts: [set.prompts[v].text],
        seeds: [set.prompts[v].seed],
        variations: [v],
        steps: 1,
        guidance: 1,
        width: 3508,
        height: 4961,
        art: { features: F, palette: set.palette, style: style.id },
      })
      const ms = performance.now() - t0
      a3.push(ms)
      if (ms > a3worst.ms) a3worst = { id: `${style.id} #${v + 1}`, ms }
    }
  }
  report.row('median', `${median(a3).toFixed(0)} ms`, '')
  report.row(`slowest (${a3worst.id})`, `${a3worst.ms.toFixed(0)} ms`, '')

  report.section('Poster composition (artwork + type + palette + QR + PNG + WebP thumbnail)')
  const set = buildPrompts(F, { style: 'swiss', count: 1, seed: 1 })
  for (const size of Object.keys(SIZE_PRESETS) as SizePreset[]) {
    const { width, height } = SIZE_PRESETS[size]
    const art = (
      await engine.generate({
        prompts: ['x'],
        seeds: [1],
        steps: 1,
        guidance: 1,
        width,
        height,
        art: { features: F, palette: set.palette, style: 'swiss' },
      })
    ).images[0]
    const times: number[] = []
    let bytes = 0
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      const out = await composePoster({
        image: art,
        size,
        title: 'Neon Run Through the Night',
        author: 'The Test Tones',
        bpm: 128,
        keyLabel: 'A minor',
        durationSec: 214,
        palette: set.palette,
        typography: getStyle('swiss').typography,
        styleName: 'Swiss',
        qrUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        metadata: { prompt: set.prompts[0].text, seed: 1, engine: 'sketch', style: 'swiss', features: F },
      })
      times.push(performance.now() - t0)
      bytes = out.png.length
    }
    report.row(`${size} ${width}x${height}`, `${median(times).toFixed(0)} ms`, `PNG ${(bytes / 1024).toFixed(0)} KB`)
  }
}
