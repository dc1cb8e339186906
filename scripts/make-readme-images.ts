// Regenerates the README pictures: three contrasting generated songs through the real pipeline
// (analysis -> prompts -> sketch engine -> poster), and one poster per size preset.
// Run: node --import tsx scripts/make-readme-images.ts
import { mkdirSync, writeFileSync } from 'node:fs'
import sharp from 'sharp'
import { analyseAudio } from '../src/audio/index.ts'
import { createSketchEngine } from '../src/engine/sketch/index.ts'
import { engineSizeFor } from '../src/pipeline.ts'
import { composePoster, type SizePreset } from '../src/poster/index.ts'
import { buildPrompts, featuresFromAnalysis, getStyle } from '../src/prompt/index.ts'
import { renderTestSong, type SongSpec } from '../test/helpers/songs.ts'

const OUT = new URL('../docs/images/', import.meta.url).pathname
mkdirSync(OUT, { recursive: true })
const engine = createSketchEngine()

async function poster(
  song: SongSpec & { title: string; author: string },
  style: string,
  size: SizePreset,
  file: string,
  width: number,
) {
  const analysis = await analyseAudio({ samples: renderTestSong(song), sampleRate: 22050 })
  const features = featuresFromAnalysis(analysis)
  const st = getStyle(style)
  const set = buildPrompts(features, { style, count: 1, seed: 11 })
  const { width: w, height: h } = engineSizeFor(size, 'sketch')
  const gen = await engine.generate({
    prompts: [set.prompts[0].text],
    seeds: [set.prompts[0].seed],
    steps: 1,
    guidance: 1,
    width: w,
    height: h,
    art: { features, palette: set.palette, style },
  })
  const out = await composePoster({
    image: gen.images[0],
    size,
    title: song.title,
    author: song.author,
    bpm: analysis.tempo.bpm,
    keyLabel: `${analysis.key.tonic} ${analysis.key.mode}`,
    durationSec: analysis.durationSec,
    palette: set.palette,
    typography: st.typography,
    styleName: st.name,
    qrUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    metadata: { prompt: set.prompts[0].text, seed: set.prompts[0].seed, engine: 'sketch', style, features },
  })
  await sharp(out.png)
    .resize(width)
    .jpeg({ quality: 84, mozjpeg: true })
    .toFile(OUT + file)
  console.log(
    `${file}: ${Math.round(analysis.tempo.bpm)} BPM ${analysis.key.tonic} ${analysis.key.mode} ${analysis.mood.label} — ${set.prompts[0].text}`,
  )
  return { file, analysis, prompt: set.prompts[0].text }
}

const songs = {
  upbeat: {
    title: 'Neon Run',
    author: 'The Test Tones',
    bpm: 128,
    tonic: 'E',
    mode: 'major',
    seconds: 24,
    loud: true,
  } as const,
  ballad: {
    title: 'Quiet Harbour',
    author: 'Slow Tides',
    bpm: 68,
    tonic: 'A',
    mode: 'minor',
    seconds: 24,
    loud: false,
  } as const,
  mid: {
    title: 'Copper Lanes',
    author: 'Midnight Committee',
    bpm: 96,
    tonic: 'D',
    mode: 'minor',
    seconds: 24,
    loud: true,
  } as const,
}
const lines: string[] = []
for (const style of ['swiss', 'synthwave']) {
  for (const [name, song] of Object.entries(songs))
    lines.push(JSON.stringify(await poster(song, style, 'portrait', `${style}-${name}.jpg`, 360)))
}
await poster(songs.upbeat, 'art-deco', 'square', 'preset-square.jpg', 420)
await poster(songs.ballad, 'ukiyo-e', 'phone', 'preset-phone.jpg', 300)
await poster(songs.mid, 'bauhaus', 'desktop', 'preset-desktop.jpg', 720)
await poster(songs.mid, 'film-noir', 'portrait', 'preset-portrait.jpg', 360)
writeFileSync(OUT + 'captions.jsonl', lines.join('\n') + '\n')
