// The Hono app wired to real services (SQLite, audio cache, analysis, prompts, sketch engine) in a
// temp DATA_DIR, called with app.request() — no port. The YouTube source is passed in (a fake).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testConfig } from '../../src/config.ts'
import { createApp } from '../../src/http/app.ts'
import type { RunnerDeps } from '../../src/jobs/runner.ts'
import { silentLogger } from '../../src/logger.ts'
import { createJobRunner, createServices, engineInfos } from '../../src/services.ts'
import type { AudioSource } from '../../src/ingest/types.ts'

/** A source for which every video is unavailable: requests that get past validation fail fast. */
export const nothingSource: AudioSource = {
  name: 'nothing',
  async metadata(id) {
    const { AppError } = await import('../../src/errors.ts')
    throw new AppError('VIDEO_UNAVAILABLE', `video ${id} is unavailable`)
  },
  async download(id) {
    const { AppError } = await import('../../src/errors.ts')
    throw new AppError('VIDEO_UNAVAILABLE', `video ${id} is unavailable`)
  },
}

export interface TestAppOptions {
  env?: Record<string, string>
  source?: AudioSource
  dataDir?: string
  /** Runner settings over the defaults (queue size, injected file writer, …). */
  runner?: Partial<RunnerDeps>
  expandPlaylist?: (listId: string) => Promise<string[]>
}

export async function createTestApp(opts: TestAppOptions = {}) {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'm2p-app-'))
  const config = testConfig(dataDir, opts.env)
  const services = await createServices(config, silentLogger, { source: opts.source ?? nothingSource })
  const runner = createJobRunner(services, silentLogger, opts.runner)
  const app = createApp({
    config,
    store: services.store,
    runner,
    logger: silentLogger,
    putUpload: (tmp, name) => services.ingest.putUpload(tmp, name),
    lookupAudio: (id) => services.ingest.lookup(id),
    expandPlaylist: opts.expandPlaylist,
    analyseInput: services.analyseInput,
    analysisIsFree: services.analysisIsFree,
    engines: () => engineInfos(config),
    stylePreview: (id) => services.stylePreview(id),
    engineReady: () => true,
  })
  return {
    app,
    config,
    services,
    runner,
    dataDir,
    /** Stops the runner and the store; removes DATA_DIR unless `keep`. */
    async close(keep = false) {
      await runner.shutdown(1000)
      await services.close()
      if (!keep) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
