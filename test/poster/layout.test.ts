import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  FACTS_MIN_OF_HEIGHT,
  SIZE_IDS,
  SIZE_PRESETS,
  orientationOf,
  overlaps,
  planPoster,
  type PosterPlan,
  type Rect,
} from '../../src/poster/index.ts'
import { listStyles } from '../../src/prompt/index.ts'

const SHORT = 'Quiet Harbour'
const LONG = 'The Long and Winding Road Back Home (feat. Quiet Rain On Sea)'
assert.equal(LONG.length, 61)

function plan(over: Partial<Parameters<typeof planPoster>[0]> = {}): PosterPlan {
  const style = listStyles()[0]
  return planPoster({
    size: 'portrait',
    title: SHORT,
    author: 'Slow Tides',
    subtitle: 'Live at the Roundhouse',
    bpm: 92.4,
    bpmConfidence: 0.9,
    keyLabel: 'A# minor',
    durationSec: 3725,
    typography: style.typography,
    styleName: style.name,
    qrUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    engine: 'sketch',
    ...over,
  })
}

const inside = (r: Rect, W: number, H: number) => r.x >= 0 && r.y >= 0 && r.x + r.w <= W + 0.5 && r.y + r.h <= H + 0.5

test('every style and size keeps the title within three lines and clear of the art focus, QR and facts', () => {
  let checked = 0
  for (const style of listStyles())
    for (const size of SIZE_IDS)
      for (const title of [SHORT, LONG]) {
        const p = plan({ size, title, typography: style.typography, styleName: style.name })
        const b = p.boxes
        const at = `${style.id} ${size} "${title.slice(0, 12)}"`
        assert.ok(p.title.lines.length >= 1 && p.title.lines.length <= 3, `${at}: ${p.title.lines.length} lines`)
        assert.ok(!overlaps(b.title, b.artFocus), `${at}: title over the art focus`)
        assert.ok(b.qr && !overlaps(b.title, b.qr), `${at}: title over the QR`)
        assert.ok(!overlaps(b.title, b.facts), `${at}: title over the facts`)
        for (const [name, r] of [
          ['facts', b.facts],
          ['artist', b.artist!],
          ['subtitle', b.subtitle!],
          ['credit', b.credit],
          ['palette', b.palette],
        ] as const) {
          assert.ok(!overlaps(r, b.qr!), `${at}: ${name} over the QR`)
          assert.ok(!overlaps(r, b.artFocus), `${at}: ${name} over the art focus`)
          assert.ok(inside(r, p.width, p.height), `${at}: ${name} outside the canvas`)
        }
        assert.ok(!overlaps(b.credit, b.title) && !overlaps(b.credit, b.facts), `${at}: credit collides`)
        assert.ok(inside(b.title, p.width, p.height) && inside(b.qr!, p.width, p.height), `${at}: outside`)
        // the 60-character title fits whole, without an ellipsis
        assert.ok(!p.title.cut, `${at}: title cut`)
        assert.equal(p.title.lines.join(' ').replace(/\s+/g, ' '), transform(title, style.typography.case), at)
        checked++
      }
  assert.equal(checked, listStyles().length * SIZE_IDS.length * 2)
})

const transform = (t: string, c: string) => (c === 'upper' ? t.toUpperCase() : c === 'lower' ? t.toLowerCase() : t)

test('the facts line is at least 2.5% of the height, and 9 px or more in a 300 px wide thumbnail', () => {
  for (const style of listStyles())
    for (const size of SIZE_IDS) {
      const p = plan({ size, title: LONG, typography: style.typography })
      const { width: W, height: H } = SIZE_PRESETS[size]
      assert.ok(p.factsSize >= H * FACTS_MIN_OF_HEIGHT, `${style.id} ${size}: ${p.factsSize} px of ${H}`)
      assert.ok(p.boxes.facts.h >= H * 0.025, `${style.id} ${size}: box ${p.boxes.facts.h}`)
      if (orientationOf(W, H) !== 'landscape')
        assert.ok((p.factsSize * 300) / W >= 9, `${style.id} ${size}: ${((p.factsSize * 300) / W).toFixed(1)} px`)
    }
})

test('titles keep their casing unless the style sets capitals or lower case', () => {
  const typo = listStyles()[0].typography
  const title = 'Quiet Rain On the Harbour (feat. MØ)'
  for (const [c, want] of [
    ['title', 'Quiet Rain On the Harbour (feat. MØ)'],
    ['upper', 'QUIET RAIN ON THE HARBOUR (FEAT. MØ)'],
    ['lower', 'quiet rain on the harbour (feat. mø)'],
  ] as const) {
    const p = plan({ title, typography: { ...typo, case: c, layout: 'band' } })
    assert.equal(p.title.lines.join(' '), want)
  }
})

test('no artist line when the artist is unknown, and no "Unknown artist"', () => {
  const p = plan({ author: '  ', subtitle: '' })
  assert.equal(p.boxes.artist, undefined)
  assert.equal(p.boxes.subtitle, undefined)
  assert.deepEqual(
    p.lines.map((l) => l.role),
    [...p.title.lines.map(() => 'title'), 'facts', 'credit'],
  )
  assert.ok(!p.lines.some((l) => /unknown/i.test(l.text)))
})

test('an uncertain tempo is printed as an estimate', () => {
  const facts = (o: Partial<Parameters<typeof planPoster>[0]>) =>
    plan(o)
      .lines.filter((l) => l.role === 'facts')
      .map((l) => l.text)
      .join(' · ')
  assert.equal(facts({ bpm: 92.4, bpmConfidence: 0.2 }), '≈92 BPM · A# minor · 1:02:05')
  assert.equal(facts({ bpm: 92.4, bpmConfidence: 0.8 }), '92 BPM · A# minor · 1:02:05')
  assert.equal(facts({ bpm: 92.4, bpmConfidence: undefined }), '92 BPM · A# minor · 1:02:05')
})

test('9:16 and 16:9 layouts use their canvas: art plus text cover most of it', () => {
  for (const size of ['phone', 'desktop'] as const)
    for (const style of listStyles()) {
      const p = plan({ size, typography: style.typography })
      const { width: W, height: H } = SIZE_PRESETS[size]
      const A = p.frame.art
      const T = p.frame.text
      const S = p.frame.titleStrip
      const used = A.w * A.h + (A.w * A.h < W * H * 0.95 ? T.w * T.h : 0) + (S ? S.w * S.h : 0)
      assert.ok(used / (W * H) >= 0.75, `${style.id} ${size}: ${((used / (W * H)) * 100).toFixed(0)}%`)
      // the text block fills at least half its region's height
      const text = [p.boxes.title, p.boxes.facts, p.boxes.palette]
      const top = Math.min(...text.map((r) => r.y))
      const bottom = Math.max(...text.map((r) => r.y + r.h))
      if (!p.frame.titleStrip) assert.ok((bottom - top) / T.h >= 0.45, `${style.id} ${size}: ${(bottom - top) / T.h}`)
    }
})
