// `npm run bench`: runs every bench/*.bench.ts in turn and prints their tables.
// Each bench file exports `default async function (report: Report): Promise<void>`.
// `npm run bench -- tempo` runs only files whose name contains "tempo".
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

export interface Report {
  /** A section heading. */
  section(title: string): void
  /** One measured row: label, value, and an optional target/comment. */
  row(label: string, value: string | number, note?: string): void
  /** Free text (tables already formatted). */
  line(text: string): void
}

const here = dirname(fileURLToPath(import.meta.url))
const filters = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort()

const report: Report = {
  section: (t) => console.log(`\n## ${t}`),
  row: (label, value, note) =>
    console.log(`  ${label.padEnd(58)} ${String(value).padStart(14)}${note ? `   ${note}` : ''}`),
  line: (t) => console.log(t),
}

let failed = 0
for (const f of files) {
  const mod = (await import(join(here, f))) as { default: (r: Report) => Promise<void> }
  try {
    await mod.default(report)
  } catch (e) {
    failed++
    console.log(`  ${f} failed: ${(e as Error).stack ?? e}`)
  }
}
process.exit(failed ? 1 : 0)
