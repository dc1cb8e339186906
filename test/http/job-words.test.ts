// A job with its own words through HTTP on a real server (fake YouTube, sketch engine): the poster
// carries the words, keeps its raw and vector artwork, and can be re-worded and downloaded three ways.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import { startTestServer, TEST_VIDEOS, type TestServer } from '../helpers/server.ts'
import { readSse } from '../helpers/sse.ts'
import { readPngText } from '../../src/poster/index.ts'

let srv: TestServer
before(async () => {
  srv = await startTestServer()
})
after(async () => {
  await srv?.close()
})

const send = (method: string, path: string, body: unknown) =>
  fetch(srv.url + path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const isFinal = (e: { event: string; data: { state?: string } }) =>
  e.event === 'state' && ['done', 'failed', 'cancelled'].includes(e.data.state ?? '')

test('a job with title, artist and subtitle makes a feed poster with those words, art and SVG', async () => {
  const res = await send('POST', '/api/jobs', {
    url: `https://youtu.be/${TEST_VIDEOS.upbeat}`,
    style: 'ukiyo-e',
    variations: 1,
    size: 'feed',
    title: 'Harbour Lights',
    artist: 'The Night Shift',
    subtitle: 'Demo take',
  })
  assert.equal(res.status, 202)
  const job = (await res.json()) as { id: string }
  const events = await readSse(`${srv.url}/api/jobs/${job.id}/events`, { until: isFinal })
  assert.equal(events.at(-1)!.data.state, 'done', JSON.stringify(events.at(-1)!.data))
  const posterId = events.find((e) => e.event === 'poster')!.data.posterId as number
  const view = (await (await fetch(`${srv.url}/api/posters/${posterId}`)).json()) as Record<string, unknown>
  assert.deepEqual(
    [view.title, view.author, view.subtitle, view.width, view.height, view.upscaled, view.editable],
    ['Harbour Lights', 'The Night Shift', 'Demo take', 1080, 1350, false, true],
  )
  const png = Buffer.from(await (await fetch(`${srv.url}${view.imageUrl}`)).arrayBuffer())
  assert.equal(readPngText(png)['mus2pic:title'], 'Harbour Lights')
  const art = await sharp(Buffer.from(await (await fetch(`${srv.url}${view.artUrl}`)).arrayBuffer())).metadata()
  assert.ok(art.width! < 1080 && art.height! < 1350, `art ${art.width}x${art.height}`)
  const svg = await sharp(Buffer.from(await (await fetch(`${srv.url}${view.svgUrl}`)).arrayBuffer())).metadata()
  assert.deepEqual([svg.width, svg.height], [1080, 1350])

  const patched = await send('PATCH', `/api/posters/${posterId}`, { title: 'Harbour Lights (Reprise)' })
  assert.equal(patched.status, 200)
  const newView = (await patched.json()) as Record<string, unknown>
  assert.notEqual(newView.imageUrl, view.imageUrl, 'immutable image URLs change with the words')
  const again = Buffer.from(await (await fetch(`${srv.url}${view.imageUrl}`)).arrayBuffer())
  assert.equal(readPngText(again)['mus2pic:title'], 'Harbour Lights (Reprise)')
  assert.ok(!again.equals(png))
})
