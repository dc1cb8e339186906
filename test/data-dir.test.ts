// A DATA_DIR that cannot be written stops the server and the CLI at start-up with one clear line naming
// DATA_DIR, instead of a raw ENOENT/EROFS stack or a server that answers every write with a 500.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureDataDirWritable, writeProblem } from '../src/data-dir.ts'
import { AppError } from '../src/errors.ts'

const root = new URL('..', import.meta.url).pathname
const run = (args: string[], dataDir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ENGINE: 'sketch' },
    encoding: 'utf8',
    timeout: 60_000,
  })

/** Exit code 1, one line naming DATA_DIR and the reason, and no stack trace. */
function assertClearFailure(r: ReturnType<typeof run>, reason: RegExp) {
  assert.equal(r.status, 1, r.stderr)
  assert.match(r.stderr, /DATA_DIR ".*" is not writable/)
  assert.match(r.stderr, reason)
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
}

test('a DATA_DIR blocked by a file: the server and the CLI exit 1 naming DATA_DIR, without a stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-ro-'))
  try {
    writeFileSync(join(dir, 'file'), 'x')
    const dataDir = join(dir, 'file', 'data')
    assert.equal(writeProblem(dataDir), 'ENOTDIR')
    assert.throws(
      () => ensureDataDirWritable(dataDir),
      (e: unknown) => e instanceof AppError && e.code === 'DATA_DIR_NOT_WRITABLE',
    )
    assertClearFailure(run(['src/main.ts'], dataDir), /a file is in the way/)
    assertClearFailure(run(['bin/mus2pic.js', 'fetch', 'x.wav'], dataDir), /a file is in the way/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a read-only DATA_DIR (tmpfs remounted ro), empty or holding a database and an interrupted job, fails start-up clearly', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'm2p-rofs-'))
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir])
  if (mount.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    return t.skip('needs permission to mount a tmpfs')
  }
  try {
    mkdirSync(join(dir, 'empty'))
    // A database with an interrupted job: created by the real store, then the file system goes read-only.
    const seed = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { openStore } = await import('./src/store/index.ts');
         const s = openStore(${JSON.stringify(join(dir, 'full'))});
         s.jobs.create('j_abcdef0123456789', { url: 'https://youtu.be/dQw4w9WgXcQ' }, {});
         s.jobs.setState('j_abcdef0123456789', 'analyzing'); s.close()`,
      ],
      { cwd: root, encoding: 'utf8' },
    )
    assert.equal(seed.status, 0, seed.stderr)
    assert.equal(spawnSync('mount', ['-o', 'remount,ro', dir]).status, 0)
    for (const sub of ['empty', 'full']) {
      assert.equal(writeProblem(join(dir, sub)), 'EROFS')
      assertClearFailure(run(['src/main.ts'], join(dir, sub)), /read-only file system/)
      assertClearFailure(run(['bin/mus2pic.js', 'fetch', 'x.wav'], join(dir, sub)), /read-only file system/)
    }
  } finally {
    spawnSync('umount', [dir])
    rmSync(dir, { recursive: true, force: true })
  }
})
