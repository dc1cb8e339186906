// Shared by the browser tests: pages that fail on any page error, axe-core, and waiting for a job.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

export interface OpenOptions {
  viewport?: { width: number; height: number }
  /** Bypass CSP so axe-core can be injected; every other page runs under the server's real CSP. */
  axe?: boolean
  colorScheme?: 'light' | 'dark'
  /** localStorage entries set before the app starts. */
  storage?: Record<string, string>
  hash?: string
}

export async function openApp(browser: Browser, baseUrl: string, o: OpenOptions = {}): Promise<Page> {
  const page = await browser.newPage({
    viewport: o.viewport ?? { width: 1280, height: 800 },
    acceptDownloads: true,
    bypassCSP: !!o.axe,
    colorScheme: o.colorScheme ?? 'light',
  })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && errors.push(m.text()))
  ;(page as unknown as { errors: string[] }).errors = errors
  if (o.storage)
    await page.addInitScript((s) => Object.entries(s).forEach(([k, v]) => localStorage.setItem(k, v)), o.storage)
  await page.goto(baseUrl + (o.hash ?? ''))
  await page.waitForSelector('html[data-ready="true"]')
  return page
}

/** Fails with the page's own errors (CSP violations included) if there were any. */
export function assertNoPageErrors(page: Page) {
  assert.deepEqual((page as unknown as { errors: string[] }).errors, [], 'errors in the page')
}

export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  const result = await page.evaluate(async () =>
    (
      window as unknown as {
        axe: {
          run: (o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>
        }
      }
    ).axe.run({ resultTypes: ['violations'] }),
  )
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    )
}

/** Waits until the job view shows the finished, complete list of posters. */
export async function waitForResults(page: Page, n: number) {
  await page.waitForSelector('#results[data-complete="true"]', { timeout: 60_000 })
  await page.waitForFunction((count) => document.querySelectorAll('#poster-grid .card:not(.slot)').length === count, n)
}

/** Makes posters through the API directly (no browser) and waits for the job to end. */
export async function makePostersViaApi(baseUrl: string, body: object): Promise<{ id: string; posters: unknown[] }> {
  const res = await fetch(`${baseUrl}/api/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  assert.equal(res.status, 202, await res.clone().text())
  const { id } = (await res.json()) as { id: string }
  for (const end = Date.now() + 60_000; Date.now() < end;) {
    const job = (await (await fetch(`${baseUrl}/api/jobs/${id}`)).json()) as { state: string; posters: unknown[] }
    if (job.state === 'done') return { id, posters: job.posters }
    if (job.state === 'failed' || job.state === 'cancelled') assert.fail(`job ${id} ended ${job.state}`)
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`job ${id} did not finish in 60 s`)
}
