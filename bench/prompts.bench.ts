// Prompt stage speed: CLIP tokenizer prompts/s (target >= 50,000/s) and buildPrompts calls/s.
import type { Report } from './run.ts'
import {
  buildPrompts,
  getClipTokenizer,
  listStyles,
  loadClipTokenizer,
  type PromptFeatures,
} from '../src/prompt/index.ts'

export default async function (report: Report) {
  report.section('Prompts: CLIP tokenizer and prompt building')
  const l0 = performance.now()
  const fresh = loadClipTokenizer()
  report.row(
    'tokenizer: load bundled vocabulary (gunzip + 48,894 merges)',
    `${(performance.now() - l0).toFixed(0)} ms`,
    'once per process',
  )
  // cold cache: every prompt brings words the BPE cache has not seen (worst case, e.g. song titles)
  const cold = Array.from({ length: 5000 }, (_, i) => `a poster of zq${i.toString(36)}x, neon ${i} glow`)
  const c0 = performance.now()
  for (const p of cold) fresh.encodeForModel(p)
  report.row(
    'tokenizer: prompts per second, each with an unseen word',
    Math.round(cold.length / ((performance.now() - c0) / 1000)).toLocaleString('en'),
  )
  const tok = getClipTokenizer()
  const words = [
    'neon',
    'city',
    'night',
    'synthwave',
    'retro',
    'sunset',
    'grid',
    'glow',
    'poster',
    'vivid',
    'calm',
    'ocean',
    'dancer',
    'geometric',
    'warm',
    'golden',
    'light',
  ]
  const prompts = Array.from(
    { length: 2000 },
    (_, i) =>
      Array.from({ length: 8 + (i % 10) }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ') + `, ${i}`,
  )
  for (const p of prompts) tok.encodeForModel(p)
  let n = 0
  const t0 = performance.now()
  while (performance.now() - t0 < 1000)
    for (const p of prompts) {
      tok.encodeForModel(p)
      n++
    }
  const perSec = n / ((performance.now() - t0) / 1000)
  report.row(
    'tokenizer: short prompts per second (warm cache)',
    Math.round(perSec).toLocaleString('en'),
    perSec >= 50_000 ? 'ok (target >= 50,000)' : 'UNDER TARGET',
  )
  const f: PromptFeatures = {
    bpm: 128,
    tonic: 'A',
    mode: 'minor',
    energy: 0.7,
    valence: -0.1,
    arousal: 0.5,
    brightness: 0.6,
    danceability: 0.7,
    dynamicRangeDb: 9,
    mood: 'energetic',
    sections: [0.3, 0.6, 0.9, 0.5],
    durationSec: 200,
  }
  const styles = listStyles().map((s) => s.id)
  let m = 0
  const t1 = performance.now()
  while (performance.now() - t1 < 1000)
    buildPrompts({ ...f, bpm: 60 + (m % 120) }, { style: styles[m % styles.length], count: 4, seed: m++ })
  report.row(
    'buildPrompts(count 4) calls per second',
    Math.round(m / ((performance.now() - t1) / 1000)).toLocaleString('en'),
  )
  let k = 0
  const t2 = performance.now()
  while (performance.now() - t2 < 1000)
    buildPrompts({ ...f, bpm: 60 + (k % 120) }, { style: styles[k % styles.length], count: 8, seed: k++ })
  report.row(
    'buildPrompts(count 8) calls per second',
    Math.round(k / ((performance.now() - t2) / 1000)).toLocaleString('en'),
  )
}
