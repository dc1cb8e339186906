// The web app in Debian's Chromium (playwright-core) against a real server with the fake YouTube
// source and the sketch engine: the full flow, upload, errors in place, phone width, shortcuts, axe.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from '../helpers/browser.ts'
import { startTestServer, TEST_VIDEOS, type TestServer } from '../helpers/server.ts'
import { writeWav } from '../helpers/wav.ts'
import { renderTestSong } from '../helpers/songs.ts'
import { readZip } from '../helpers/zip.ts'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
let srv: TestServer
let browser: Browser

before(async () => {
  srv = await startTestServer()
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await srv?.close()
})

/** `axe` pages bypass CSP so axe-core can be injected; every other page runs under the real CSP. */
async function open(viewport = { width: 1280, height: 800 }, axe = false): Promise<Page> {
  const page = await browser.newPage({ viewport, acceptDownloads: true, bypassCSP: axe })
  page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`))
  await page.goto(srv.url)
  await page.waitForSelector('html[data-ready="true"]')
  return page
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  const result = await page.evaluate(async () => (window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run({ resultTypes: ['violations'] }))
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`)
}

test('paste a URL -> live progress -> posters -> gallery -> compare -> ZIP download', async () => {
  const page = await open(undefined, true)
  assert.deepEqual(await axeViolations(page), [], 'create view')
  await page.fill('#url', `https://www.youtube.com/watch?v=${TEST_VIDEOS.upbeat}&t=10s`)
  await page.click('[data-style="bauhaus"]')
  await page.selectOption('#variations', '2')
  await page.press('#url', 'Enter')
  await page.waitForSelector('#view-job:not([hidden]) #stages li.active')
  await page.waitForFunction(() => /Found \d+ BPM · [A-G]#? (major|minor)/.test(document.querySelector('#found')?.textContent ?? ''))
  assert.equal(await page.textContent('#job-title'), 'Neon Run')
  await page.waitForFunction(() => document.querySelector('#job-eyebrow')?.textContent === 'Done', undefined, { timeout: 60_000 })
  await page.waitForFunction(() => document.querySelectorAll('#poster-grid .card').length === 2)
  assert.ok(await page.isHidden('#cancel'), 'no cancel button on a finished job')
  assert.deepEqual(await axeViolations(page), [], 'job view')

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#zip')])
  const zip = await readZip(readFileSync((await download.path())!))
  assert.equal([...zip.keys()].filter((n) => n.endsWith('.png')).length, 2)
  assert.ok(zip.has('mus2pic.json'))

  await page.click('nav a[data-view="gallery"]')
  await page.waitForSelector('#gallery-grid .card img')
  assert.ok((await page.locator('#gallery-grid .card').count()) >= 2)
  // the filter reloads the grid after a short debounce: wait for that page of results to arrive
  await Promise.all([page.waitForResponse((r) => r.url().includes('/api/posters?') && r.url().includes('style=bauhaus')), page.selectOption('#f-style', 'bauhaus')])
  await page.waitForFunction(() => {
    const subs = [...document.querySelectorAll('#gallery-grid .card .sub')]
    return subs.length >= 2 && subs.every((e) => e.textContent?.includes('bauhaus'))
  })
  const boxes = page.locator('#gallery-grid .select')
  await boxes.nth(0).check()
  await boxes.nth(1).check()
  await page.click('#compare')
  await page.waitForSelector('#viewer[open] .compare img')
  assert.equal(await page.locator('#viewer .compare figure').count(), 2)
  await page.keyboard.press('Escape')
  await page.waitForSelector('#viewer:not([open])', { state: 'attached' })
  assert.deepEqual(await axeViolations(page), [], 'gallery view')
  await page.close()
})

test('an audio file dropped in (chosen) is uploaded and becomes posters', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-web-'))
  try {
    const wav = join(dir, 'my-demo.wav')
    writeWav(wav, renderTestSong({ bpm: 100, tonic: 'G', mode: 'major', seconds: 8, loud: true }), 22050)
    const page = await open()
    await page.selectOption('#variations', '1')
    await page.setInputFiles('#file', wav)
    await page.waitForSelector('#view-job:not([hidden])')
    await page.waitForFunction(() => document.querySelector('#job-eyebrow')?.textContent === 'Done', undefined, { timeout: 60_000 })
    await page.waitForFunction(() => document.querySelectorAll('#poster-grid .card').length === 1)
    assert.equal(await page.textContent('#job-title'), 'my-demo')
    await page.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a bad link is refused in place, and a private video says so', async () => {
  const page = await open()
  await page.fill('#url', 'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ')
  assert.equal(await page.getAttribute('#url', 'aria-invalid'), 'true', 'flagged while typing')
  await page.press('#url', 'Enter')
  await page.waitForSelector('#url-error:not([hidden])')
  assert.match((await page.textContent('#url-error')) ?? '', /YouTube video link/)
  await page.fill('#url', `https://youtu.be/${TEST_VIDEOS.private}`)
  await page.press('#url', 'Enter')
  await page.waitForSelector('#job-error:not([hidden])', { timeout: 30_000 })
  assert.equal(await page.textContent('#job-error'), 'This video is private.')
  await page.close()
})

test('works at phone width without horizontal scrolling', async () => {
  const page = await open({ width: 375, height: 812 })
  const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth)
  assert.ok(overflow <= 375, `scrollWidth ${overflow}`)
  await page.click('nav a[data-view="gallery"]')
  await page.waitForSelector('#view-gallery:not([hidden])')
  assert.ok((await page.evaluate(() => document.scrollingElement!.scrollWidth)) <= 375)
  await page.close()
})

test('keyboard: "/" focuses the link field, "?" opens the shortcuts, Esc closes them', async () => {
  const page = await open()
  await page.click('h1')
  await page.keyboard.press('/')
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'url')
  await page.click('h1')
  await page.keyboard.press('?')
  await page.waitForSelector('#help[open]')
  await page.keyboard.press('Escape')
  await page.waitForSelector('#help:not([open])', { state: 'attached' })
  await page.close()
})
