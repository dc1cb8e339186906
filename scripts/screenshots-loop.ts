// Screenshots of the creative loop at desktop (1440x900) and phone (390x844) width: the chosen-file chip,
// the prompt editor, results with a card's menu open, a failed download with its way on, the gallery's
// shared links, the phone filter sheet, and the public share page.
// Run: node --import tsx scripts/screenshots-loop.ts   (needs Debian's chromium)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { launchBrowser } from '../test/helpers/browser.ts'
import { startTestServer, TEST_VIDEOS } from '../test/helpers/server.ts'
import { renderTestSong } from '../test/helpers/songs.ts'
import { writeWav } from '../test/helpers/wav.ts'
import { makePostersViaApi } from '../test/web/support.ts'

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname
mkdirSync(OUT, { recursive: true })
const tmp = mkdtempSync(join(tmpdir(), 'm2p-shots-'))
const wav = join(tmp, 'night_drive.wav')
await writeWav(wav, renderTestSong({ bpm: 96, tonic: 'E', mode: 'minor', seconds: 8, loud: true }), 22050)
const batchFiles: string[] = []
for (const [i, bpm] of [84, 112, 136].entries()) {
  batchFiles.push(join(tmp, `demo-track-${i + 1}.wav`))
  await writeWav(batchFiles[i], renderTestSong({ bpm, tonic: 'G', mode: 'major', seconds: 6, loud: true }), 22050)
}
const srv = await startTestServer()
const browser = await launchBrowser()
const seeded = await makePostersViaApi(srv.url, { url: `https://youtu.be/${TEST_VIDEOS.slow}`, variations: 2 })
const shared = (seeded.posters[0] as { id: number }).id
const { url: shareUrl } = (await (
  await fetch(`${srv.url}/api/posters/${shared}/share`, { method: 'POST' })
).json()) as {
  url: string
}

const images = (page: Page) =>
  page.evaluate(() =>
    Promise.all([...document.images].map((i) => (i.complete ? 0 : new Promise((r) => (i.onload = i.onerror = r))))),
  )

try {
  for (const [device, viewport] of [
    ['desktop', { width: 1440, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    const page = await browser.newPage({ viewport, hasTouch: device === 'phone', isMobile: device === 'phone' })
    const shot = async (name: string) => {
      await images(page)
      await page.waitForTimeout(250)
      await sharp(await page.screenshot())
        .resize(viewport.width)
        .png({ compressionLevel: 9, palette: true, quality: 85 })
        .toFile(`${OUT}${device}-loop-${name}.png`)
      console.log(`${device}-loop-${name}.png`)
    }
    await page.goto(srv.url)
    await page.waitForSelector('html[data-ready="true"]')
    await page.setInputFiles('#file', wav)
    await page.waitForSelector('#file-chip:not([hidden])')
    await page.locator('#create-form').scrollIntoViewIfNeeded()
    await shot('file-chip')
    await page.click('#file-chip .chip-x')

    if (device === 'desktop') {
      // a download that fails (every audio response cut): the message, the marked stage and the way on
      srv.fake.failNext(TEST_VIDEOS.upbeat, 10, 50)
      await page.fill('#url', `https://youtu.be/${TEST_VIDEOS.upbeat}`)
      await page.press('#url', 'Enter')
      await page.waitForSelector('#job-retry:not([hidden])', { timeout: 60_000 })
      srv.fake.failNext(TEST_VIDEOS.upbeat, 0, 0)
      await shot('failed')
      await page.goto(srv.url)
      await page.waitForSelector('html[data-ready="true"]')
    }
    await page.click('.advanced summary')
    await page.check('#review')
    await page.click('#variations label:has(input[value="2"])')
    await page.fill('#url', `https://youtu.be/${TEST_VIDEOS.upbeat}`)
    await page.press('#url', 'Enter')
    await page.waitForSelector('#review-panel:not([hidden]) textarea')
    await page.fill(
      '#prompt-0',
      'A lone lighthouse keeper watching a violet storm roll in over the sea, bauhaus poster',
    )
    await page.waitForTimeout(400)
    await page.locator('#review-panel').scrollIntoViewIfNeeded()
    await shot('review')
    await page.click('#review-go')
    await page.waitForSelector('#results[data-complete="true"] .card img')
    await page.waitForTimeout(600) // the smooth scroll to the posters
    await page.click('#poster-grid .card >> nth=0 >> button.more')
    await shot('results-menu')
    await page.keyboard.press('Escape')

    await page.goto(`${srv.url}/#gallery`)
    await page.waitForSelector('#gallery-grid .card img')
    await page.waitForSelector('#shared:not([hidden])')
    await shot('gallery-shared')
    if (device === 'phone') {
      await page.click('#filters-open')
      await shot('filter-sheet')
    }

    await page.goto(srv.url)
    await page.waitForSelector('html[data-ready="true"]')
    await page.click('#variations label:has(input[value="1"])')
    await page.setInputFiles('#file', batchFiles)
    await page.waitForFunction(() => document.querySelectorAll('#file-chip .chip').length === 3)
    await shot('batch-chips')
    await page.click('#submit')
    await page.waitForSelector('#batch-panel[data-state="done"]', { timeout: 90_000 })
    await shot('batch-done')

    await page.goto(shareUrl)
    await page.waitForSelector('img.poster')
    await shot('share-page')

    await page.close()
  }
} finally {
  await browser.close()
  await srv.close()
  rmSync(tmp, { recursive: true, force: true })
}
