// Habits people expect, in Debian's Chromium: phone width without sideways scrolling, dark theme,
// keyboard shortcuts (/, ?, Esc closes and cancels, g), and the API key asked for in place.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { launchBrowser } from '../helpers/browser.ts'
import { startTestServer, TEST_VIDEOS, type TestServer } from '../helpers/server.ts'
import { assertNoPageErrors, axeViolations, openApp } from './support.ts'

let srv: TestServer
let keyed: TestServer
let browser: Browser
const KEY = 'correct-horse-battery'

before(async () => {
  ;[srv, keyed, browser] = await Promise.all([
    startTestServer(),
    startTestServer({ env: { API_KEY: KEY } }),
    launchBrowser(),
  ])
})
after(async () => {
  await browser?.close()
  await Promise.all([srv?.close(), keyed?.close()])
})

const noSideways = () => document.scrollingElement!.scrollWidth

test('works at phone width (375 px) in the dark theme without horizontal scrolling', async () => {
  const page = await openApp(browser, srv.url, {
    viewport: { width: 375, height: 812 },
    colorScheme: 'dark',
    axe: true,
  })
  assert.ok((await page.evaluate(noSideways)) <= 375, 'create view')
  assert.equal(
    await page.evaluate(
      () => getComputedStyle(document.body).colorScheme || getComputedStyle(document.documentElement).colorScheme,
    ),
    'dark',
  )
  assert.deepEqual(await axeViolations(page), [], 'create view, dark, phone')
  await page.click('.advanced summary')
  assert.ok((await page.evaluate(noSideways)) <= 375, 'advanced open')
  await page.fill('#url', `https://youtu.be/${TEST_VIDEOS.slow}`)
  await page.click('#variations label:has(input[value="1"])')
  await page.press('#url', 'Enter')
  await page.waitForSelector('#results[data-complete="true"] .card img', { timeout: 60_000 })
  assert.ok((await page.evaluate(noSideways)) <= 375, 'job view')
  await page.click('#poster-grid .thumb')
  await page.waitForSelector('#viewer[open] .full')
  assert.ok((await page.evaluate(noSideways)) <= 375, 'viewer')
  await page.keyboard.press('Escape')
  await page.click('nav a[data-view="gallery"]')
  await page.waitForSelector('#gallery-grid .card')
  assert.ok((await page.evaluate(noSideways)) <= 375, 'gallery')
  assertNoPageErrors(page)
  await page.close()
})

test('keyboard: "/" focuses the link field, "?" opens the shortcuts, Esc closes them, "g" opens the gallery', async () => {
  const page = await openApp(browser, srv.url)
  await page.click('h1')
  await page.keyboard.press('/')
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'url')
  await page.click('h1')
  await page.keyboard.press('?')
  await page.waitForSelector('#help[open]')
  assert.match((await page.textContent('#help')) ?? '', /Cancel the running job/)
  await page.keyboard.press('Escape')
  await page.waitForSelector('#help:not([open])', { state: 'attached' })
  await page.keyboard.press('g')
  await page.waitForSelector('#view-gallery:not([hidden])')
  await page.keyboard.press('/')
  await page.waitForSelector('#view-create:not([hidden])')
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'url')
  await page.close()
})

test('Esc cancels the running job and the page says so', async () => {
  const page = await openApp(browser, srv.url)
  await page.fill('#url', `https://youtu.be/${TEST_VIDEOS.upbeat}`)
  await page.click('#variations label:has(input[value="8"])')
  await page.press('#url', 'Enter')
  await page.waitForSelector('#view-job:not([hidden]) #stages li.active')
  await page.keyboard.press('Escape')
  await page.waitForFunction(() => document.querySelector('#job-eyebrow')?.textContent === 'Cancelled', undefined, {
    timeout: 30_000,
  })
  assert.ok(await page.isHidden('#cancel'))
  assert.match((await page.textContent('#job-error')) ?? '', /cancel/i)
  assertNoPageErrors(page)
  await page.close()
})

test('a server with an API key asks for it in place, remembers it, and the request goes through', async () => {
  const page = await openApp(browser, keyed.url)
  await page.fill('#url', `https://youtu.be/${TEST_VIDEOS.upbeat}`)
  await page.click('#variations label:has(input[value="1"])')
  await page.press('#url', 'Enter')
  await page.waitForSelector('#key-field:not([hidden])')
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'api-key')
  await page.fill('#api-key', KEY)
  await page.press('#api-key', 'Enter')
  await page.waitForSelector('#view-job:not([hidden])')
  await page.waitForSelector('#results[data-complete="true"]', { timeout: 60_000 })
  assert.equal(await page.evaluate(() => localStorage.getItem('mus2pic.apiKey')), KEY)
  await page.close()
})
