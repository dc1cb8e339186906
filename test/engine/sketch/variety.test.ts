// Variety of the built-in artwork, measured as the posters issue measures it (poster-metric.ts): the
// four variations of one job differ in composition, and two styles on one song look different.
// Art is rendered at 256x384 and composed at full size: the 32x48 metric thumbnail gives the same
// numbers within about 1 (checked below on one style).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { listStyles } from '../../../src/prompt/index.ts'
import { difference, minPair, renderJob, SONGS, thumb } from './poster-metric.ts'

const styles = listStyles().map((s) => s.id)
const songs = Object.keys(SONGS) as (keyof typeof SONGS)[]
/** Issue thresholds: variations >= 25 apart, styles >= 45 apart (measured on other songs too). */
const MIN_VARIATION = 25
const MIN_STYLE = 45

const firsts = new Map<string, Buffer[]>()

for (const song of songs) {
  test(`every style's four variations differ on the ${song} song (min pair >= ${MIN_VARIATION})`, async () => {
    const low: string[] = []
    const thumbs: Buffer[] = []
    for (const style of styles) {
      const t = await Promise.all((await renderJob(SONGS[song], style, 4, 256)).map(thumb))
      thumbs.push(t[0])
      const { min, pair } = minPair(t)
      if (min < MIN_VARIATION) low.push(`${style} ${min.toFixed(1)} (variations ${pair[0] + 1} and ${pair[1] + 1})`)
    }
    firsts.set(song, thumbs)
    assert.deepEqual(low, [], `too similar: ${low.join(', ')}`)
  })

  test(`any two styles differ on the ${song} song (min pair >= ${MIN_STYLE})`, () => {
    const t = firsts.get(song)
    assert.ok(t, 'the variations test of this song ran first')
    const low: string[] = []
    for (let i = 0; i < styles.length; i++)
      for (let j = i + 1; j < styles.length; j++) {
        const d = difference(t[i], t[j])
        if (d < MIN_STYLE) low.push(`${styles[i]}/${styles[j]} ${d.toFixed(1)}`)
      }
    assert.deepEqual(low, [], `too similar: ${low.join(', ')}`)
  })
}

test('reduced-size art gives the metric of full-size art within 2', async () => {
  const small = await Promise.all((await renderJob(SONGS.mid, 'ukiyo-e', 2, 256)).map(thumb))
  const full = await Promise.all((await renderJob(SONGS.mid, 'ukiyo-e', 2, 1024)).map(thumb))
  for (let i = 0; i < 2; i++) assert.ok(difference(small[i], full[i]) < 2, `variation ${i + 1}`)
  assert.ok(Math.abs(difference(small[0], small[1]) - difference(full[0], full[1])) < 2)
})
