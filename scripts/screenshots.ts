// Screenshots of every screen at desktop (1280x800) and phone (375x812) width, for the README.
// Run: node --import tsx scripts/screenshots.ts   (needs Debian's chromium)
import { mkdirSync } from 'node:fs'
import sharp from 'sharp'
import { launchBrowser } from '../test/helpers/browser.ts'
import { startTestServer, TEST_VIDEOS } from '../test/helpers/server.ts'
import { makePostersViaApi } from '../test/web/support.ts'

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname
mkdirSync(OUT, { recursive: true })
const srv = await startTestServer()
const browser = await launchBrowser()
// a gallery with some range: a few styles and both songs, made before the screens are shot
for (const [video, style] of [
  [TEST_VIDEOS.slow, 'ukiyo-e'],
  [TEST_VIDEOS.upbeat, 'bauhaus'],
  [TEST_VIDEOS.slow, 'risograph'],
  [TEST_VIDEOS.upbeat, 'psychedelic'],
]) {
  await makePostersViaApi(srv.url, { url: `https://youtu.be/${video}`, style, variations: 2, size: 'portrait' })
  console.log(`seeded ${style}`)
}
try {
  for (const [device, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 375, height: 812 }],
  ] as const) {
    const page = await browser.newPage({ viewport, colorScheme: device === 'phone' ? 'dark' : 'light' })
    const shot = async (name: string, full = false) => {
      const png = await page.screenshot({ fullPage: full })
      await sharp(png)
        .resize(device === 'desktop' ? 1280 : 375)
        .png({ compressionLevel: 9, palette: true, quality: 90 })
        .toFile(`${OUT}${device}-${name}.png`)
      console.log(`${device}-${name}.png`)
    }
    const imagesLoaded = () =>
      page.evaluate(() =>
        Promise.all(
          [...document.images]
            .filter((i) => i.loading !== 'lazy')
            .map((i) => (i.complete ? 0 : new Promise((r) => (i.onload = i.onerror = r)))),
        ),
      )
    await page.goto(srv.url)
    await page.waitForSelector('html[data-ready="true"]')
    await page.waitForFunction(() => document.querySelectorAll('.style .swatch').length >= 20)
    await imagesLoaded()
    await shot('create')
    await page.fill('#url', `https://youtu.be/${device === 'desktop' ? TEST_VIDEOS.upbeat : TEST_VIDEOS.slow}`)
    await page.click(`[data-style="${device === 'desktop' ? 'synthwave' : 'watercolour'}"]`)
    await page.press('#url', 'Enter')
    await page.waitForSelector('#stages li.active')
    await page.waitForFunction(() => document.querySelector('#found')?.textContent?.includes('BPM'))
    await page.waitForSelector('#waveform[data-peaks]')
    await shot('working')
    await page.waitForSelector('#results[data-complete="true"] .card img')
    await page.evaluate(() =>
      Promise.all([...document.images].map((i) => (i.complete ? 0 : new Promise((r) => (i.onload = i.onerror = r))))),
    )
    await shot('results', true)
    await page.goto(`${srv.url}/#gallery`)
    await page.waitForSelector('#gallery-grid .card img')
    await page.evaluate(() =>
      Promise.all([...document.images].map((i) => (i.complete ? 0 : new Promise((r) => (i.onload = i.onerror = r))))),
    )
    await shot('gallery')
    const boxes = page.locator('#gallery-grid .select')
    await boxes.nth(0).check()
    await boxes.nth(device === 'desktop' ? 5 : 3).check()
    await page.click('#compare')
    await page.waitForSelector('#viewer[open] .compare img')
    await page.waitForTimeout(300)
    await shot('compare')
    await page.close()
  }
} finally {
  await browser.close()
  await srv.close()
}
