// Contact sheets of the built-in artwork, composed as posters: docs/contact-sheet-styles.jpg (every
// style on three contrasting songs) and docs/contact-sheet-variations.jpg (four variations per style,
// mid-tempo song). Prints the variety metric per style and the closest pair of styles per song.
// usage: node --import tsx scripts/contact-sheet.ts [outDir=docs]
import sharp, { type OverlayOptions } from 'sharp'
import { listStyles } from '../src/prompt/index.ts'
import { difference, minPair, renderJob, SONGS, thumb } from '../test/engine/sketch/poster-metric.ts'

const TW = 240
const TH = 360
const outDir = process.argv[2] ?? 'docs'
const styles = listStyles().map((s) => s.id)
const songs = Object.keys(SONGS) as (keyof typeof SONGS)[]

const tile = (png: Buffer) => sharp(png).resize(TW, TH).toBuffer()
const label = (text: string, w: number) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="28"><rect width="100%" height="100%" fill="#fff"/>` +
      `<text x="6" y="20" font-family="sans-serif" font-size="16" fill="#111">${text}</text></svg>`,
  )

async function sheet(cols: number, cells: { png: Buffer; caption: string }[], file: string) {
  const rows = Math.ceil(cells.length / cols)
  const layers: OverlayOptions[] = []
  for (const [i, c] of cells.entries()) {
    const x = (i % cols) * TW
    const y = Math.floor(i / cols) * (TH + 28)
    layers.push({ input: label(c.caption, TW), left: x, top: y })
    layers.push({ input: await tile(c.png), left: x, top: y + 28 })
  }
  const bg = { r: 255, g: 255, b: 255 }
  await sharp({ create: { width: cols * TW, height: rows * (TH + 28), channels: 3, background: bg } })
    .composite(layers)
    .jpeg({ quality: 80, mozjpeg: true })
    .toFile(file)
  console.log(`wrote ${file}`)
}

const jobs = new Map<string, Buffer[]>()
for (const song of songs)
  for (const style of styles) jobs.set(`${song}/${style}`, await renderJob(SONGS[song], style, 4, 512))

for (const song of songs) {
  const line: string[] = []
  for (const style of styles) {
    const { min } = minPair(await Promise.all(jobs.get(`${song}/${style}`)!.map(thumb)))
    line.push(`${style} ${min.toFixed(1)}`)
  }
  const firsts = await Promise.all(styles.map((st) => thumb(jobs.get(`${song}/${st}`)![0])))
  const { min, pair } = minPair(firsts)
  console.log(`${song}: variations min pair: ${line.join(', ')}`)
  console.log(`${song}: closest styles ${styles[pair[0]]} / ${styles[pair[1]]}: ${min.toFixed(1)}`)
  const near: string[] = []
  for (let i = 0; i < styles.length; i++)
    for (let j = i + 1; j < styles.length; j++) {
      const d = difference(firsts[i], firsts[j])
      if (d < 55) near.push(`${styles[i]}/${styles[j]} ${d.toFixed(1)}`)
    }
  console.log(`${song}: style pairs under 55: ${near.join(', ') || 'none'}`)
}

await sheet(
  styles.length,
  songs.flatMap((song) =>
    styles.map((style) => ({ png: jobs.get(`${song}/${style}`)![0], caption: `${style} · ${song}` })),
  ),
  `${outDir}/contact-sheet-styles.jpg`,
)
await sheet(
  8,
  styles.flatMap((style) => jobs.get(`mid/${style}`)!.map((png, i) => ({ png, caption: `${style} #${i + 1}` }))),
  `${outDir}/contact-sheet-variations.jpg`,
)
