// A JobRunner on real services (SQLite, audio cache, analysis, sketch engine) in a temp DATA_DIR, with
// an uploaded generated song ready to make posters from, and the Hono app around it.
import { mkdtempSync, rmSync } from 'node:fs'
import { writeFile as fsWriteFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testConfig } from '../../src/config.ts'
import { createApp } from '../../src/http/app.ts'
import { JobRunner, type RunnerDeps } from '../../src/jobs/runner.ts'
import { JobRequestSchema } from '../../src/jobs/options.ts'
import { silentLogger } from '../../src/logger.ts'
import { createServices, engineInfos } from '../../src/services.ts'
import { nothingSource } from './app.ts'
import { renderTestSong } from './songs.ts'
import { encodeWav } from './wav.ts'

export async function setupRealRunner(o: { dataDir?: string; runner?: Partial<RunnerDeps>; variations?: number } = {}) {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'm2p-runner-real-'))
  const config = testConfig(dataDir)
  const services = await createServices(config, silentLogger, { source: nothingSource })
  const runner = new JobRunner({
    store: services.store,
    pipeline: services.pipeline,
    dataDir,
    queueMax: 1,
    logger: silentLogger,
    ...o.runner,
  })
  const app = createApp({
    config,
    store: services.store,
    runner,
    logger: silentLogger,
    putUpload: (tmp, name) => services.ingest.putUpload(tmp, name),
    lookupAudio: (id) => services.ingest.lookup(id),
    analyseInput: services.analyseInput,
    analysisIsFree: services.analysisIsFree,
    engines: () => engineInfos(config),
    stylePreview: (id) => services.stylePreview(id),
    engineReady: () => true,
  })
  const wav = join(dataDir, 'song.wav')
  const sr = 22050
  const song = renderTestSong({ bpm: 120, mode: 'major', tonic: 'C', seconds: 6, loud: true, sampleRate: sr })
  await fsWriteFile(wav, encodeWav(song, sr))
  const track = await services.ingest.putUpload(wav, 'song.wav')
  const request = JobRequestSchema.parse({ audioId: track.audioId, variations: o.variations ?? 8, qr: false })
  return {
    dataDir,
    services,
    runner,
    app,
    request,
    /** Stops the runner and the store; removes DATA_DIR unless `keep`. */
    async close(keep = false) {
      await runner.shutdown(1000)
      await services.close()
      if (!keep) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
