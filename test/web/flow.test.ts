// The web app in Debian's Chromium (playwright-core) against a real server with the fake YouTube
// source and the sketch engine: paste -> progress -> posters -> gallery -> compare -> ZIP, upload,
// errors in place, favourites, delete, infinite scroll through the keyset API, and axe on each view.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { launchBrowser } from '../helpers/browser.ts'
import { startTestServer, TEST_VIDEOS, type TestServer } from '../helpers/server.ts'
import { writeWav } from '../helpers/wav.ts'
import { renderTestSong } from '../helpers/songs.ts'
import { readZip } from '../helpers/zip.ts'
import { assertNoPageErrors, axeViolations, makePostersViaApi, openApp, waitForResults } from './support.ts'

let srv: TestServer
let browser: Browser

before(async () => {
  ;[srv, browser] = await Promise.all([startTestServer(), launchBrowser()])
})
after(async () => {
  await browser?.close()
  await srv?.close()
})

test('paste a URL -> live progress -> posters -> favourite -> ZIP -> gallery -> compare -> delete', async () => {
  const page = await openApp(browser, srv.url, { axe: true })
  assert.deepEqual(await axeViolations(page), [], 'create view')
  await page.fill('#url', `https://www.youtube.com/watch?v=${TEST_VIDEOS.upbeat}&t=10s`)
  assert.equal(await page.getAttribute('#url', 'aria-invalid'), 'false')
  await page.click('[data-style="bauhaus"]')
  await page.click('#variations label:has(input[value="2"])')
  await page.press('#url', 'Enter')

  // watch it work: stages, what the analysis found, the waveform, the preview, placeholders
  await page.waitForSelector('#view-job:not([hidden]) #stages li.active')
  await page.waitForFunction(() =>
    /Found tempo ≈?\d+ BPM · [A-G]#? (major|minor)/.test(document.querySelector('#found')?.textContent ?? ''),
  )
  assert.equal(await page.textContent('#job-title'), 'Neon Run')
  await page.waitForSelector('#waveform[data-peaks]')
  assert.match((await page.getAttribute('#preview', 'src')) ?? '', /^\/api\/audio\//)
  await waitForResults(page, 2)
  assert.match((await page.textContent('#job-eyebrow')) ?? '', /^Done/)
  assert.ok(await page.isHidden('#cancel'), 'no cancel button on a finished job')
  assert.equal(await page.$$eval('#stages li.done', (l) => l.length), 5)
  assert.equal(
    await page.$eval('#step-progress', (p) => (p as HTMLProgressElement).value === (p as HTMLProgressElement).max),
    true,
  )
  assert.match((await page.textContent('#engine-used')) ?? '', /sketch engine/)
  assert.deepEqual(await axeViolations(page), [], 'job view')

  // open full size, walk to the next one with the arrow key, close with Esc
  await page.click('#poster-grid .card >> nth=0 >> .thumb')
  await page.waitForSelector('#viewer[open] .full')
  assert.match((await page.textContent('#viewer-title')) ?? '', /1 of 2/)
  await page.keyboard.press('ArrowRight')
  await page.waitForFunction(() => /2 of 2/.test(document.querySelector('#viewer-title')?.textContent ?? ''))
  await page.keyboard.press('Escape')
  await page.waitForSelector('#viewer:not([open])', { state: 'attached' })

  // favourite survives a reload of the gallery (the server stored it)
  await page.click('#poster-grid .card >> nth=0 >> .fav')
  await page.waitForSelector('#poster-grid .card >> nth=0 >> .fav[aria-pressed="true"]')

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#zip')])
  const zip = await readZip(readFileSync((await download.path())!))
  assert.equal([...zip.keys()].filter((n) => n.endsWith('.png')).length, 2)
  assert.ok(zip.has('mus2pic.json'))

  await page.click('nav a[data-view="gallery"]')
  await page.waitForSelector('#gallery-grid .card img')
  // the filter reloads the grid after a short debounce: wait for that page of results to arrive
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/posters?') && r.url().includes('style=bauhaus')),
    page.selectOption('#f-style', 'bauhaus'),
  ])
  await page.waitForFunction(() => {
    const tags = [...document.querySelectorAll('#gallery-grid .card .style-tag')]
    return tags.length === 2 && tags.every((e) => e.textContent === 'bauhaus')
  })
  await Promise.all([page.waitForResponse((r) => r.url().includes('favourite=true')), page.check('#f-fav')])
  await page.waitForFunction(() => document.querySelectorAll('#gallery-grid .card').length === 1)
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('style=bauhaus') && !r.url().includes('favourite')),
    page.uncheck('#f-fav'),
  ])
  await page.waitForFunction(() => document.querySelectorAll('#gallery-grid .card').length === 2)

  // arrow keys move focus through the grid
  await page.focus('#gallery-grid .card >> nth=0 >> .thumb')
  await page.keyboard.press('ArrowRight')
  assert.equal(
    await page.evaluate(
      () => document.activeElement?.closest('.card') === document.querySelectorAll('#gallery-grid .card')[1],
    ),
    true,
  )

  const boxes = page.locator('#gallery-grid .select')
  await boxes.nth(0).check()
  await boxes.nth(1).check()
  await page.click('#compare')
  await page.waitForSelector('#viewer[open] .compare img')
  assert.equal(await page.locator('#viewer .compare figure').count(), 2)
  assert.ok((await page.locator('#viewer .compare dd.differs').count()) >= 2, 'the seeds differ and are marked')
  await page.keyboard.press('Escape')
  await page.waitForSelector('#viewer:not([open])', { state: 'attached' })
  assert.deepEqual(await axeViolations(page), [], 'gallery view')

  const id = await page.getAttribute('#gallery-grid .card >> nth=1', 'data-id')
  await page.click('#gallery-grid .card >> nth=1 >> button.more')
  await page.click('#gallery-grid .card >> nth=1 >> [role="menuitem"][data-action="trash"]')
  await page.waitForSelector('#confirm[open]')
  await page.click('#confirm-ok')
  await page.waitForFunction((pid) => !document.querySelector(`#gallery-grid [data-id="${pid}"]`), id)
  assert.equal((await fetch(`${srv.url}/api/posters/${id}`)).status, 404)
  assertNoPageErrors(page)
  await page.close()
})

test('an audio file chosen from disk waits as a chip, is uploaded on Make posters and becomes posters', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-web-'))
  try {
    const wav = join(dir, 'my-demo.wav')
    await writeWav(wav, renderTestSong({ bpm: 100, tonic: 'G', mode: 'major', seconds: 8, loud: true }), 22050)
    const page = await openApp(browser, srv.url)
    await page.click('#variations label:has(input[value="1"])')
    await page.setInputFiles('#file', wav)
    await page.waitForSelector('#file-chip:not([hidden])')
    await page.click('#submit')
    await page.waitForSelector('#view-job:not([hidden])')
    await waitForResults(page, 1)
    assert.equal(await page.textContent('#job-title'), 'my-demo')
    assertNoPageErrors(page)
    await page.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a bad link is refused in place, and a private video says so', async () => {
  const page = await openApp(browser, srv.url)
  await page.fill('#url', 'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ')
  assert.equal(await page.getAttribute('#url', 'aria-invalid'), 'true', 'flagged while typing')
  await page.press('#url', 'Enter')
  await page.waitForSelector('#url-error:not([hidden])')
  assert.match((await page.textContent('#url-error')) ?? '', /YouTube video link/)
  assert.ok(await page.isVisible('#view-create'), 'stays on the form')
  await page.fill('#url', `https://youtu.be/${TEST_VIDEOS.private}`)
  await page.press('#url', 'Enter')
  await page.waitForSelector('#job-error:not([hidden])', { timeout: 30_000 })
  assert.equal(await page.textContent('#job-error'), 'This video is private.')
  assert.equal(await page.textContent('#job-eyebrow'), 'Could not finish')
  await page.close()
})

test('the gallery loads page after page through the keyset API as it scrolls', async () => {
  await makePostersViaApi(srv.url, {
    url: `https://youtu.be/${TEST_VIDEOS.slow}`,
    style: 'risograph',
    variations: 5,
    size: 'square',
  })
  const total = ((await (await fetch(`${srv.url}/api/posters?limit=100`)).json()) as { items: unknown[] }).items.length
  assert.ok(total >= 5)
  const page = await openApp(browser, srv.url, {
    storage: { 'mus2pic.pageSize': '2' },
    viewport: { width: 1280, height: 500 },
  })
  const befores: string[] = []
  page.on('request', (r) => r.url().includes('before=') && befores.push(r.url()))
  await page.click('nav a[data-view="gallery"]')
  await page.waitForSelector('#gallery-grid .card')
  for (let shown = 0; shown < total;) {
    await page.locator('#sentinel').scrollIntoViewIfNeeded()
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('#gallery-grid .card').length > n ||
        document.querySelector('#gallery-grid')?.getAttribute('data-more') === 'false',
      shown,
    )
    shown = await page.locator('#gallery-grid .card').count()
    if ((await page.getAttribute('#gallery-grid', 'data-more')) === 'false') break
  }
  assert.equal(await page.locator('#gallery-grid .card').count(), total)
  assert.ok(befores.length >= Math.ceil(total / 2) - 1, `keyset pages requested: ${befores.length}`)
  const ids = await page.$$eval('#gallery-grid .card', (cards) => cards.map((c) => c.getAttribute('data-id')))
  assert.equal(new Set(ids).size, ids.length, 'no poster twice')
  await page.close()
})
