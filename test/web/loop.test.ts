// The creative loop in Chromium against a real server with API_KEY set: review and edit prompts, Regenerate
// keeps them and the previous batch, re-roll one, share (a fresh context without the key sees the public page
// and its og:image), revoke -> 404, and the walk-through fixes (issue 16).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from '../helpers/browser.ts'
import { startTestServer, TEST_VIDEOS, type TestServer } from '../helpers/server.ts'
import { renderTestSong } from '../helpers/songs.ts'
import { writeWav } from '../helpers/wav.ts'
import { readZip } from '../helpers/zip.ts'
import { accepted, rejected } from '../ingest/youtube-url-table.ts'
import { assertNoPageErrors, openApp, waitForResults } from './support.ts'

const KEY = 'browser-loop-key-1'
let srv: TestServer
let browser: Browser
let dir: string
let wav: string

before(async () => {
  ;[srv, browser] = await Promise.all([startTestServer({ env: { API_KEY: KEY } }), launchBrowser()])
  dir = mkdtempSync(join(tmpdir(), 'm2p-loop-'))
  wav = join(dir, 'night_drive.wav')
  await writeWav(wav, renderTestSong({ bpm: 96, tonic: 'E', mode: 'minor', seconds: 8, loud: true }), 22050)
})
after(async () => {
  await browser?.close()
  await srv?.close()
  rmSync(dir, { recursive: true, force: true })
})

const open = (o: Parameters<typeof openApp>[2] = {}) =>
  openApp(browser, srv.url, { ...o, storage: { 'mus2pic.apiKey': KEY, ...o.storage } })
const getJson = async (path: string) => (await fetch(srv.url + path)).json()
const jobIdOf = (page: Page) => /#job\/(j_[0-9a-z]+)/.exec(page.url())![1]

// First, while the upbeat song is not cached yet: every audio response is cut, so the download fails with NETWORK.
test('walk-through: a download failure says so (not "cannot reach the server"), marks the stage, offers a way on', async () => {
  const page = await open()
  srv.fake.failNext(TEST_VIDEOS.upbeat, 10, 50)
  try {
    await page.fill('#url', `https://youtu.be/${TEST_VIDEOS.upbeat}`)
    await page.press('#url', 'Enter')
    await page.waitForSelector('#job-error:not([hidden])', { timeout: 60_000 })
  } finally {
    srv.fake.failNext(TEST_VIDEOS.upbeat, 0, 0)
  }
  const job = await getJson(`/api/jobs/${jobIdOf(page)}`)
  assert.equal(job.error.code, 'NETWORK')
  const text = (await page.textContent('#job-error')) ?? ''
  assert.doesNotMatch(text, /Cannot reach the Mus2Pic server/)
  assert.match(text, /could not download this video/)
  assert.equal(await page.textContent('#job-eyebrow'), 'Could not finish')
  assert.equal(await page.textContent('#job-title'), 'Could not fetch the track', 'not "Fetching the track…" forever')
  assert.deepEqual(
    await page.$$eval('#stages li.failed', (l) => l.map((x) => x.getAttribute('data-stage'))),
    ['fetching'],
    'the failed stage is marked',
  )
  await page.click('#retry-upload')
  await page.waitForSelector('#view-create:not([hidden])')
  assert.ok(await page.isVisible('#file-button'))
  await page.close()
})

test('review prompts: edit one (live token count, reset), paint; Regenerate keeps it and the batch above', async () => {
  const page = await open()
  await page.click('.advanced summary')
  await page.check('#review')
  await page.click('#variations label:has(input[value="2"])')
  await page.fill('#url', `https://youtu.be/${TEST_VIDEOS.upbeat}`)
  await page.press('#url', 'Enter')
  await page.waitForSelector('#review-panel:not([hidden]) textarea')
  assert.equal(await page.locator('#review-list textarea').count(), 2)
  assert.equal(await page.textContent('#job-eyebrow'), 'Waiting for your prompts')
  const suggested = await page.inputValue('#prompt-0')
  assert.ok(suggested.length > 20, suggested)

  const mine = 'A lone lighthouse keeper watching a violet storm roll in over the sea'
  await page.fill('#prompt-0', mine)
  const tokens = (
    (await await fetch(`${srv.url}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ text: mine }),
    }).then((r) => r.json())) as { tokens: number }
  ).tokens
  await page.waitForFunction((n) => document.querySelector('#tokens-0')?.textContent === `${n} / 77 tokens`, tokens)
  await page.fill('#prompt-0', 'sea '.repeat(90).trim())
  await page.waitForSelector('#tokens-0.over')
  await page.click('#review-list li:first-child button:text("Reset")')
  assert.equal(await page.inputValue('#prompt-0'), suggested, 'reset restores the suggestion')
  await page.fill('#prompt-0', mine)
  await page.click('#review-go')
  await waitForResults(page, 2)
  const first = jobIdOf(page)
  const job = await getJson(`/api/jobs/${first}`)
  assert.equal(job.posters[0].prompt, mine, 'the stored prompt is the edited one')
  assert.equal(job.posters[1].prompt, await getJson(`/api/jobs/${first}`).then((j) => j.prompts[1].text))

  // done: the progress folds into one line and the posters are in view
  await page.waitForSelector('#fold-summary:not([hidden])')
  assert.ok(await page.isHidden('#job-grid'), 'progress folded')
  await page.waitForFunction(() => {
    const r = document.querySelector('#results')!.getBoundingClientRect()
    return r.top >= -2 && r.top < innerHeight / 2
  })

  await page.click('#again-same')
  await page.waitForFunction((id) => !location.hash.includes(id), first)
  await page.waitForFunction(
    () => /^(Done|Could not finish)/.test(document.querySelector('#job-eyebrow')?.textContent ?? ''),
    null,
    { timeout: 60_000 },
  )
  const second = await getJson(`/api/jobs/${jobIdOf(page)}`)
  assert.equal(second.state, 'done', JSON.stringify(second.error))
  await waitForResults(page, 2)
  assert.equal(second.posters[0].prompt, mine, 'Regenerate keeps the edited prompt')
  assert.equal(await page.locator('#earlier .card').count(), 2, 'the previous batch stays on the page')
  assertNoPageErrors(page)
  await page.close()
})

test('re-roll one poster: a new card with the same prompt and a new seed joins the results', async () => {
  const page = await open()
  await page.click('#variations label:has(input[value="1"])')
  await page.fill('#url', `https://youtu.be/${TEST_VIDEOS.slow}`)
  await page.press('#url', 'Enter')
  await waitForResults(page, 1)
  const original = (await getJson(`/api/jobs/${jobIdOf(page)}`)).posters[0]
  await page.click('#poster-grid .card >> nth=0 >> button.more')
  await page.click('#poster-grid [role="menuitem"][data-action="reroll"]')
  await page.waitForFunction(() => document.querySelectorAll('#poster-grid .card:not(.slot)').length === 2)
  const ids = await page.$$eval('#poster-grid .card', (c) => c.map((x) => Number(x.getAttribute('data-id'))))
  assert.equal(ids[0], original.id)
  const rerolled = await getJson(`/api/posters/${ids[1]}`)
  assert.equal(rerolled.prompt, original.prompt)
  assert.equal(rerolled.style, original.style)
  assert.equal(rerolled.size, original.size)
  assert.notEqual(rerolled.seed, original.seed)
  assertNoPageErrors(page)
  await page.close()
})

test('share: a fresh browser without the key sees the poster and og:image; revoke -> 404', async () => {
  const page = await open()
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.url })
  await page.click('nav a[data-view="gallery"]')
  await page.waitForSelector('#gallery-grid .card img')
  const id = Number(await page.getAttribute('#gallery-grid .card >> nth=0', 'data-id'))
  await page.click('#gallery-grid .card >> nth=0 >> button.more')
  await page.click('#gallery-grid .card >> nth=0 >> [role="menuitem"][data-action="share"]')
  await page.waitForFunction(() => /Share link/.test(document.querySelector('#toast')?.textContent ?? ''))
  await page.waitForSelector(`#shared-list li[data-poster="${id}"]`)
  const url = (await page.getAttribute(`#shared-list li[data-poster="${id}"] a`, 'href'))!
  assert.match(url, /\/s\/[A-Za-z0-9_-]{24}$/)

  const stranger = await browser.newContext()
  const pub = await stranger.newPage()
  const res = await pub.goto(url)
  assert.equal(res?.status(), 200)
  const og = await pub.getAttribute('meta[property="og:image"]', 'content')
  assert.equal(og, `${url}/image.png`)
  await pub.waitForFunction(() => (document.querySelector('img.poster') as HTMLImageElement)?.naturalWidth > 0)
  const poster = await getJson(`/api/posters/${id}`)
  assert.equal(await pub.$eval('img.poster', (i) => (i as HTMLImageElement).naturalWidth), poster.width)
  assert.equal((await pub.request.get(og!)).status(), 200)
  assert.ok(await pub.isVisible('a:text("Download PNG")'))

  await page.click(`#shared-list li[data-poster="${id}"] button:text("Revoke")`)
  await page.waitForSelector(`#shared-list li[data-poster="${id}"]`, { state: 'detached' })
  assert.equal((await pub.goto(url))?.status(), 404)
  await stranger.close()
  assertNoPageErrors(page)
  await page.close()
})

test('walk-through: a chosen file waits as a removable chip, starts on Make posters, is not "from cache"', async () => {
  const page = await open()
  await page.setInputFiles('#file', wav)
  await page.waitForSelector('#file-chip:not([hidden])')
  assert.ok(await page.isVisible('#view-create'), 'choosing a file does not start a job')
  assert.match((await page.textContent('#file-chip')) ?? '', /night_drive\.wav/)
  await page.click('#file-chip .chip-x')
  assert.ok(await page.isHidden('#file-chip'))
  assert.equal(await page.inputValue('#url'), '', 'the file name never lands in the link box')
  await page.setInputFiles('#file', wav) // the same file again still registers
  await page.waitForSelector('#file-chip:not([hidden])')
  await page.click('#variations label:has(input[value="1"])')
  await page.click('#submit')
  await waitForResults(page, 1)
  assert.doesNotMatch((await page.textContent('#job-artist')) ?? '', /from cache/)
  assert.equal(await page.textContent('#stages li[data-stage="fetching"] .label'), 'Reading the uploaded file')
  const dl = await page.getAttribute('#poster-grid .card >> nth=0 >> a[download]', 'download')
  assert.equal(dl, 'night-drive-1.png', 'single downloads are named after the song')
  assertNoPageErrors(page)
  await page.close()
})

test('walk-through: a cancelled job keeps the marks of finished stages', async () => {
  const page = await open()
  await page.click('.advanced summary')
  await page.check('#review')
  await page.click('#variations label:has(input[value="1"])')
  await page.fill('#url', `https://youtu.be/${TEST_VIDEOS.slow}`)
  await page.press('#url', 'Enter')
  await page.waitForSelector('#review-panel:not([hidden])')
  await page.click('#cancel')
  await page.waitForFunction(() => document.querySelector('#job-eyebrow')?.textContent === 'Cancelled')
  const done = await page.$$eval('#stages li.done', (l) => l.map((x) => x.getAttribute('data-stage')))
  assert.deepEqual(done, ['fetching', 'analyzing', 'prompting'])
  assert.ok(await page.isHidden('#review-panel'))
  await page.close()
})

test('walk-through: toasts show inside an open dialog; compare has no dangling dash', async () => {
  const page = await open()
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.url })
  await page.click('nav a[data-view="gallery"]')
  await page.waitForSelector('#gallery-grid .card img')
  await page.click('#gallery-grid .card >> nth=0 >> .thumb')
  await page.waitForSelector('#viewer[open]')
  await page.click('#viewer button:text("Copy prompt")')
  await page.waitForSelector('#viewer #toast.show')
  await page.keyboard.press('Escape')
  await page.waitForSelector('#viewer:not([open])', { state: 'attached' })

  // uploads have no artist: the title cleaned from the file name ("night drive"), never "night drive —"
  const titles = await page.$$eval('#gallery-grid .card .title', (t) => t.map((x) => x.textContent))
  const upload = titles.indexOf('night drive')
  assert.ok(upload >= 0, `the upload is in the gallery: ${titles}`)
  const boxes = page.locator('#gallery-grid .select')
  await boxes.nth(upload).check()
  await boxes.nth(upload === 0 ? 1 : 0).check()
  await page.click('#compare')
  await page.waitForSelector('#viewer[open] .compare')
  const songs = await page.$$eval('#viewer .compare dl', (dls) => dls.map((d) => d.querySelector('dd')!.textContent))
  for (const s of songs) assert.doesNotMatch(s ?? '', /—\s*$/, `dangling dash in ${s}`)
  assertNoPageErrors(page)
  await page.close()
})

test('walk-through: gallery titles get the row, an inverted BPM range still finds posters, Steps hidden', async () => {
  const page = await open({ viewport: { width: 1440, height: 900 } })
  assert.ok(await page.isHidden('#steps'), 'Steps is an LCM setting; the sketch engine ignores it')
  const clipped = await page.$$eval('.style .desc', (d) => d.filter((x) => x.scrollHeight > x.clientHeight + 1).length)
  assert.equal(clipped, 0, 'style descriptions are not clipped')
  await page.click('nav a[data-view="gallery"]')
  await page.waitForSelector('#gallery-grid .card img')
  const widths = await page.$$eval('#gallery-grid .card .title', (t) => t.map((x) => (x as HTMLElement).clientWidth))
  assert.ok(Math.min(...widths) >= 120, `title widths ${widths}`)
  const bpms = (await getJson('/api/posters?limit=100')).items.map((p: { bpm: number }) => p.bpm)
  const [lo, hi] = [Math.floor(Math.min(...bpms)) - 1, Math.ceil(Math.max(...bpms)) + 1]
  await page.fill('#f-bpm-min', String(hi))
  await Promise.all([
    page.waitForResponse((r) => r.url().includes(`bpmMin=${lo}`) && r.url().includes(`bpmMax=${hi}`)),
    page.fill('#f-bpm-max', String(lo)),
  ])
  await page.waitForFunction((n) => document.querySelectorAll('#gallery-grid .card').length === n, bpms.length)
  assert.match((await page.textContent('#bpm-note')) ?? '', new RegExp(`${lo}–${hi}`))
  await page.close()
})

test('walk-through phone: filters in a sheet, no keyboard hints', async () => {
  const page = await open({ viewport: { width: 390, height: 844 } })
  assert.ok(await page.isHidden('.kbd-hint'))
  await page.click('nav a[data-view="gallery"]')
  await page.waitForSelector('#gallery-grid .card img')
  assert.ok(await page.isHidden('#f-style'), 'filters start folded away')
  await page.click('#filters-open')
  assert.ok(await page.isVisible('#f-style'))
  await page.click('#filters-done')
  assert.ok(await page.isHidden('#f-style'))
  await page.close()
})

test('a batch of three uploads: three chips, one Make posters, every song made, one ZIP', async () => {
  const files = []
  for (const [i, bpm] of [84, 112, 136].entries()) {
    const f = join(dir, `batch-song-${i + 1}.wav`)
    await writeWav(f, renderTestSong({ bpm, tonic: 'C', mode: 'major', seconds: 6, loud: true }), 22050)
    files.push(f)
  }
  const page = await open()
  await page.click('#variations label:has(input[value="1"])')
  await page.setInputFiles('#file', files)
  await page.waitForFunction(() => document.querySelectorAll('#file-chip .chip').length === 3)
  await page.click('#submit')
  await page.waitForSelector('#batch-panel[data-state="done"]', { timeout: 90_000 })
  assert.match((await page.textContent('#batch-title')) ?? '', /3 of 3 songs made/)
  assert.deepEqual(await page.$$eval('#batch-list .batch-name', (l) => l.map((x) => x.textContent)), [
    'batch-song-1',
    'batch-song-2',
    'batch-song-3',
  ])
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#batch-zip')])
  const zip = await readZip(readFileSync((await download.path())!))
  assert.equal([...zip.keys()].filter((n) => n.endsWith('.png')).length, 3)
  assert.equal(new Set([...zip.keys()].map((n) => n.split('/')[0])).size, 3, 'a folder per song')
  assert.ok(await page.isVisible('#view-create'), 'the batch is followed on the create view')
  assertNoPageErrors(page)
  await page.close()
})

test('the browser runs the same YouTube link table as the server', async () => {
  const page = await open()
  const result = await page.evaluate(
    async ([ok, bad]) => {
      const m = await import('/js/youtube-url.js' as string)
      return {
        ok: (ok as [string, string][]).filter(([input, id]) => m.videoIdOf(input) !== id).map(([i]) => i),
        bad: (bad as [string, string][]).filter(([input]) => m.videoIdOf(input) !== null).map(([i]) => i),
      }
    },
    [accepted, rejected],
  )
  assert.deepEqual(result, { ok: [], bad: [] })
  await page.close()
})
