// The creative loop through the HTTP API with real services (sketch engine, no port): review and edit
// prompts before painting, the CLIP token check, re-roll one poster, share links public and revocable.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createTestApp } from '../helpers/app.ts'
import { renderTestSong } from '../helpers/songs.ts'
import { encodeWav } from '../helpers/wav.ts'

type T = Awaited<ReturnType<typeof createTestApp>>
let t: T
let audioId: string
const KEY = 'loop-secret-key-1'
const auth = { 'x-api-key': KEY }

before(async () => {
  t = await createTestApp({ env: { API_KEY: KEY } })
  const wav = encodeWav(
    renderTestSong({ bpm: 120, mode: 'major', tonic: 'D', seconds: 8, loud: true, sampleRate: 22050 }),
    22050,
  )
  const form = new FormData()
  form.set('file', new File([new Uint8Array(wav)], 'night_drive.wav', { type: 'audio/wav' }))
  const res = await t.app.request('/api/uploads', { method: 'POST', body: form, headers: auth })
  assert.equal(res.status, 201, await res.clone().text())
  audioId = (await res.json()).audioId
})
after(async () => {
  await t?.close()
})

const send = (path: string, body?: unknown, method = 'POST') =>
  t.app.request(path, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

async function waitFor(id: string, states: string[]) {
  for (const end = Date.now() + 60_000; Date.now() < end;) {
    const job = await (await t.app.request(`/api/jobs/${id}`)).json()
    if (states.includes(job.state)) return job
    if (['failed', 'cancelled', 'done'].includes(job.state))
      assert.fail(`job ended ${job.state}: ${job.error?.message}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`job ${id} never reached ${states}`)
}

const LONG = Array(80).fill('sea').join(' ') // 80 words of one token each, + BOS and EOS

test('POST /api/tokens counts CLIP tokens with BOS and EOS', async () => {
  const one = await (await send('/api/tokens', { text: 'a' })).json()
  assert.deepEqual(one, { tokens: 3, limit: 77 })
  const long = await (await send('/api/tokens', { text: LONG })).json()
  assert.equal(long.tokens, 82)
})

test('given prompts over 77 tokens get a 400 that says how many tokens', async () => {
  const res = await send('/api/jobs', { audioId, prompts: ['a calm lake', LONG] })
  assert.equal(res.status, 400)
  const { error } = await res.json()
  assert.equal(error.code, 'INVALID_INPUT')
  const tokens = (await (await send('/api/tokens', { text: LONG })).json()).tokens
  assert.match(error.message, new RegExp(`prompt 2 has ${tokens} CLIP tokens; the limit is 77`))
})

test('review: the job waits in awaiting_prompts; edited prompts are what the posters store', async () => {
  const res = await send('/api/jobs', { audioId, style: 'bauhaus', variations: 2, review: true })
  assert.equal(res.status, 202)
  const job = await waitFor((await res.json()).id, ['awaiting_prompts'])
  assert.equal(job.prompts.length, 2)
  assert.equal(job.posters.length, 0)
  await new Promise((r) => setTimeout(r, 300))
  assert.equal((await (await t.app.request(`/api/jobs/${job.id}`)).json()).state, 'awaiting_prompts', 'it stays')

  const tooLong = await send(`/api/jobs/${job.id}/prompts`, { prompts: [LONG] })
  assert.equal(tooLong.status, 400)
  const edited = ['A lone lighthouse keeper watching a violet storm roll in, bauhaus poster', job.prompts[1].text]
  const go = await send(`/api/jobs/${job.id}/prompts`, { prompts: edited })
  assert.equal(go.status, 202, await go.clone().text())
  const done = await waitFor(job.id, ['done'])
  assert.deepEqual(
    done.posters.map((p: { prompt: string }) => p.prompt),
    edited,
  )
  assert.deepEqual(done.options.prompts, edited, 'Regenerate reuses the options, so it keeps the edited prompts')
  assert.equal(done.prompts[0].explanation.length, 0, 'an edited prompt has no automatic explanation')
  assert.ok(done.prompts[1].explanation.length > 0, 'an untouched prompt keeps its explanation')

  const again = await send(`/api/jobs/${job.id}/prompts`, { prompts: edited })
  assert.equal(again.status, 409)
  assert.equal((await again.json()).error.code, 'JOB_NOT_AWAITING_PROMPTS')
})

test('a job waiting for prompts can be cancelled', async () => {
  const res = await send('/api/jobs', { audioId, variations: 1, review: true })
  const job = await waitFor((await res.json()).id, ['awaiting_prompts'])
  const del = await send(`/api/jobs/${job.id}`, undefined, 'DELETE')
  assert.equal(del.status, 200)
  assert.equal((await del.json()).state, 'cancelled')
})

test('re-roll: one new poster with the same prompt, style and size and a new seed', async () => {
  const res = await send('/api/jobs', { audioId, style: 'swiss', size: 'square', variations: 1, seed: 7 })
  const first = (await waitFor((await res.json()).id, ['done'])).posters[0]
  const rr = await send(`/api/posters/${first.id}/reroll`, { seed: 99 })
  assert.equal(rr.status, 202, await rr.clone().text())
  const job = await waitFor((await rr.json()).id, ['done'])
  assert.equal(job.posters.length, 1)
  const p = job.posters[0]
  assert.equal(p.prompt, first.prompt)
  assert.equal(p.style, 'swiss')
  assert.equal(p.size, 'square')
  assert.equal(p.audioId ?? audioId, audioId)
  assert.equal(job.options.rerollOf, first.id)
  assert.notEqual(p.seed, first.seed)
  const a = await (await t.app.request(first.imageUrl)).arrayBuffer()
  const b = await (await t.app.request(p.imageUrl)).arrayBuffer()
  assert.notDeepEqual(Buffer.from(a), Buffer.from(b), 'a new seed paints a different image')
  const noBody = await send(`/api/posters/${first.id}/reroll`)
  assert.equal(noBody.status, 202, 'the seed is optional')
  await waitFor((await noBody.json()).id, ['done'])
})

test('share: an unguessable public link with og:image, served without the API key; revoke -> 404', async () => {
  const res = await send('/api/jobs', { audioId, variations: 1 })
  const poster = (await waitFor((await res.json()).id, ['done'])).posters[0]
  const denied = await t.app.request(`/api/posters/${poster.id}/share`, { method: 'POST' })
  assert.equal(denied.status, 401, 'making a link is a write')
  const made = await send(`/api/posters/${poster.id}/share`)
  assert.equal(made.status, 201)
  const { url, token } = await made.json()
  assert.match(token, /^[A-Za-z0-9_-]{24}$/, '24 base64url characters = 144 bits')
  assert.equal(url, `http://localhost/s/${token}`)
  const second = await (await send(`/api/posters/${poster.id}/share`)).json()
  assert.equal(second.token, token, 'sharing twice gives the same link')

  const page = await t.app.request(`/s/${token}`)
  assert.equal(page.status, 200)
  const html = await page.text()
  assert.match(html, new RegExp(`<meta property="og:image" content="http://localhost/s/${token}/image.png">`))
  assert.match(html, /<meta name="twitter:card" content="summary_large_image">/)
  assert.ok(html.includes(`download="night-drive-1.png"`), 'download named after the song')
  const img = await t.app.request(`/s/${token}/image.png`)
  assert.equal(img.status, 200)
  assert.equal(img.headers.get('cross-origin-resource-policy'), 'cross-origin', 'other sites may show it')
  assert.equal(
    (await t.app.request(poster.imageUrl)).headers.get('cross-origin-resource-policy'),
    'same-origin',
    'the private image route stays same-origin',
  )
  const bytes = Buffer.from(await img.arrayBuffer())
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47])
  const direct = Buffer.from(await (await t.app.request(poster.imageUrl)).arrayBuffer())
  assert.ok(bytes.equals(direct), 'the public image is the poster')

  const list = await (await t.app.request('/api/shares')).json()
  assert.deepEqual(
    list.items.map((s: { poster: { id: number } }) => s.poster.id),
    [poster.id],
  )

  assert.equal((await send(`/api/posters/${poster.id}/share`, undefined, 'DELETE')).status, 204)
  assert.equal((await t.app.request(`/s/${token}`)).status, 404)
  assert.equal((await t.app.request(`/s/${token}/image.png`)).status, 404)
  assert.equal((await send(`/api/posters/${poster.id}/share`, undefined, 'DELETE')).status, 404)
  assert.equal((await t.app.request('/s/AAAAAAAAAAAAAAAAAAAAAAAA')).status, 404, 'a guessed token finds nothing')
})

test('single PNG downloads are named after the song, not the database id', async () => {
  const posters = (await (await t.app.request('/api/posters')).json()).items
  const download = (url: string) => t.app.request(`${url}${url.includes('?') ? '&' : '?'}download=1`)
  const res = await download(posters[0].imageUrl)
  assert.match(res.headers.get('content-disposition') ?? '', /filename="night-drive-\d\.png"/)
  const art = await download(posters[0].artUrl)
  assert.match(art.headers.get('content-disposition') ?? '', /filename="night-drive-\d-art\.png"/)
})
