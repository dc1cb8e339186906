// Composition root for the server: loadConfig -> services (store, ingest, engine) -> job runner ->
// HTTP app -> listen. Graceful shutdown on SIGTERM/SIGINT: stop accepting, let jobs stop, checkpoint.
import { serve, type ServerType } from '@hono/node-server'
import { loadConfig, type Config } from './config.ts'
import { isAppError } from './errors.ts'
import { createApp } from './http/app.ts'
import { youtubePlaylists } from './ingest/playlist.ts'
import { JobRunner } from './jobs/runner.ts'
import { sweep } from './jobs/retention.ts'
import { createLogger, type Logger } from './logger.ts'
import { getClipTokenizer } from './prompt/clip-tokenizer.ts'
import { createServices, engineInfos, type ServiceOverrides } from './services.ts'

export interface RunningServer {
  url: string
  server: ServerType
  runner: JobRunner
  close(): Promise<void>
}

export async function startServer(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
  over: ServiceOverrides = {},
): Promise<RunningServer> {
  const services = await createServices(config, logger, over)
  const swept = await sweep(services.store, config.dataDir, config.retentionDays)
  if (swept.filesRemoved || swept.rowsRemoved || swept.jobsRemoved) logger.info(swept, 'cleaned up files and rows')
  const runner = new JobRunner({
    store: services.store,
    pipeline: services.pipeline,
    dataDir: config.dataDir,
    queueMax: config.limits.queueMax,
    engineKey: () => services.engineKey(),
    logger,
  })
  const recovered = runner.recover()
  if (recovered.resumed.length || recovered.failed.length) logger.info(recovered, 'recovered interrupted jobs')

  let engineLoaded = false
  const app = createApp({
    config,
    store: services.store,
    runner,
    logger,
    putUpload: (tmp, name) => services.ingest.putUpload(tmp, name),
    lookupAudio: (id) => services.ingest.lookup(id),
    expandPlaylist: over.expandPlaylist ?? youtubePlaylists(),
    analyseInput: services.analyseInput,
    engines: () => engineInfos(config, services.loadedEngine()),
    stylePreview: (id) => services.stylePreview(id),
    // Ready once the engine has loaded: a model still loading (or missing) is not ready.
    engineReady: () => engineLoaded,
  })
  // Warm what the first request would otherwise pay for: the CLIP vocabulary (~0.3 s) and the engine.
  setImmediate(() => getClipTokenizer())
  services.engine().then(
    () => (engineLoaded = true),
    (err) => logger.warn({ err: err.message }, 'engine not ready'),
  )

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s))
  })
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const url = `http://${config.host}:${port}`
  logger.info({ url }, 'mus2pic is listening')

  // Periodic retention, when configured.
  const timer =
    config.retentionDays > 0
      ? setInterval(
          () => void sweep(services.store, config.dataDir, config.retentionDays).catch(() => {}),
          3600_000,
        ).unref()
      : undefined

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      clearInterval(timer)
      const closed = new Promise<void>((r) => server.close(() => r()))
      const http = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void }
      http.closeIdleConnections?.()
      // Open event streams would hold close() forever: cut them after a short grace.
      setTimeout(() => http.closeAllConnections?.(), 1500).unref()
      await closed
      await runner.shutdown()
      await services.close()
      logger.info('stopped cleanly')
    })())
  return { url, server, runner, close }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href
if (isMain) {
  try {
    const config = loadConfig()
    const running = await startServer(config)
    console.log(`Mus2Pic is running at ${running.url}`)
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      process.once(sig, () => {
        // Keep closing even if a stream holds the server open: force-exit after a grace period.
        setTimeout(() => process.exit(0), 10_000).unref()
        running.close().then(() => process.exit(0))
      })
    }
  } catch (e) {
    console.error(isAppError(e) ? e.message : e)
    process.exit(1)
  }
}
