// The CLI started the ways users start it: npx / npm exec from the project, a linked install in another
// project (node_modules/.bin symlink), and a bare symlink on PATH — never by naming bin/mus2pic.js.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCommand, type RunResult } from '../helpers/cli.ts'

const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '')
const NPM = join(dirname(process.execPath), 'npm')

type Result = RunResult

function run(cmd: string, args: string[], cwd: string, extraPath = ''): Promise<Result> {
  const PATH = [extraPath, dirname(process.execPath), process.env.PATH].filter(Boolean).join(':')
  return runCommand(cmd, args, { cwd, env: { PATH, npm_config_update_notifier: 'false' } })
}

const assertUsage = (r: Result, where: string) => {
  assert.equal(r.code, 0, `${where}: exit ${r.code}\n${r.stderr}`)
  assert.match(r.stdout, /^Usage: mus2pic <command> \[options\]/m, `${where}: ${r.stdout}`)
  assert.match(r.stdout, /analyze <file\|url>/, where)
}

test('npx --no-install mus2pic --help prints the usage from the project folder', async () => {
  assertUsage(await run(NPM, ['exec', '--no-install', '--', 'mus2pic', '--help'], ROOT), 'npm exec')
  assertUsage(await run(join(dirname(process.execPath), 'npx'), ['--no-install', 'mus2pic', '--help'], ROOT), 'npx')
})

test('exit codes through npx: usage errors 2, failed inputs 1', async () => {
  const npx = join(dirname(process.execPath), 'npx')
  const unknown = await run(npx, ['--no-install', 'mus2pic', 'paint'], ROOT)
  assert.equal(unknown.code, 2)
  assert.match(unknown.stderr, /unknown command "paint"/)
  const bare = await run(npx, ['--no-install', 'mus2pic'], ROOT)
  assert.equal(bare.code, 2)
  assert.match(bare.stdout, /^Usage: mus2pic/m)
  const missing = await run(npx, ['--no-install', 'mus2pic', 'analyze', '/nonexistent/song.mp3', '--json'], ROOT)
  assert.equal(missing.code, 1, missing.stderr)
  assert.match(missing.stdout, /"error":\{"code":"[A-Z_]+"/)
})

test('a linked install in another project and a symlink on PATH both run the CLI', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-bin-'))
  try {
    // what `npm link mus2pic` / `npm install <path>` leave behind: node_modules/mus2pic + a .bin symlink
    const other = join(dir, 'other-project')
    mkdirSync(join(other, 'node_modules', '.bin'), { recursive: true })
    symlinkSync(ROOT, join(other, 'node_modules', 'mus2pic'))
    symlinkSync('../mus2pic/bin/mus2pic.js', join(other, 'node_modules', '.bin', 'mus2pic'))
    const npx = join(dirname(process.execPath), 'npx')
    assertUsage(await run(npx, ['--no-install', 'mus2pic', '--help'], other), 'linked project')
    // what a global install leaves on PATH: a bare symlink to the bin file
    const binDir = join(dir, 'bin')
    mkdirSync(binDir)
    symlinkSync(join(ROOT, 'bin', 'mus2pic.js'), join(binDir, 'mus2pic'))
    assertUsage(await run('mus2pic', ['--help'], dir, binDir), 'symlink on PATH')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
