// Composition root for the server: loadConfig -> services (store, ingest, engine) -> job runner ->
// HTTP app -> listen. Graceful shutdown on SIGTERM/SIGINT: stop accepting, let jobs stop, checkpoint.
import { serve, type ServerType } from '@hono/node-server'
import { describeFfmpeg } from './audio/decode.ts'
import { loadConfig, type Config } from './config.ts'
import { ensureDataDirWritable } from './data-dir.ts'
import { isAppError } from './errors.ts'
import type { Server } from 'node:http'
import { createApp } from './http/app.ts'
import { capConnectionsPerIp, serverOptions } from './http/server-limits.ts'
import { youtubePlaylists } from './ingest/playlist.ts'
import type { JobRunner } from './jobs/runner.ts'
import { sweep } from './jobs/retention.ts'
import { createLogger, type Logger } from './logger.ts'
import { getClipTokenizer } from './prompt/clip-tokenizer.ts'
import { createJobRunner, createServices, engineInfos, type ServiceOverrides } from './services.ts'
import { observeQueue } from './metrics.ts'
import type { RunningWorker } from './queue/worker.ts'
import { randomBytes } from 'node:crypto'

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
  ensureDataDirWritable(config.dataDir)
  const ffmpeg = describeFfmpeg(config.ffmpegPath)
  logger.info(ffmpeg, 'using ffmpeg')
  if (ffmpeg.source === 'bundled')
    logger.warn('using the bundled 2018 ffmpeg build: install a current ffmpeg (and ffprobe) or set FFMPEG_PATH')
  if (config.cluster?.workerInProcess && !config.cluster.workerToken) {
    // the in-process worker talks to this API like any other: give it a token if none was configured
    config = { ...config, cluster: { ...config.cluster, workerToken: randomBytes(24).toString('hex') } }
  }
  const services = await createServices(config, logger, over)
  const swept = await sweep(services.store, config.dataDir, config.retentionDays)
  if (swept.filesRemoved || swept.rowsRemoved || swept.jobsRemoved) logger.info(swept, 'cleaned up files and rows')
  // BullMQ loads only with REDIS_URL: the embedded default never touches it
  const cluster = config.cluster
    ? new (await import('./queue/cluster.ts')).ClusterQueue(config.cluster, logger)
    : undefined
  const runner = createJobRunner(services, logger, { dispatcher: cluster })
  if (cluster) {
    // jobs run on workers: nothing here was interrupted; the queue and the history are reconciled instead
    await cluster.start(runner, services.store)
    observeQueue(() => cluster.counts())
    logger.info({ queue: config.cluster!.queueName, inProcessWorker: config.cluster!.workerInProcess }, 'scale-out')
  } else {
    const recovered = runner.recover()
    if (recovered.resumed.length || recovered.failed.length) logger.info(recovered, 'recovered interrupted jobs')
  }

  let engineLoaded = false
  let engineError: string | undefined
  const app = createApp({
    config,
    store: services.store,
    runner,
    logger,
    putUpload: (tmp, name) => services.ingest.putUpload(tmp, name),
    lookupAudio: (id) => services.ingest.lookup(id),
    expandPlaylist: over.expandPlaylist ?? youtubePlaylists(),
    analyseInput: services.analyseInput,
    analysisIsFree: services.analysisIsFree,
    engines: () => engineInfos(config, services.loadedEngine()),
    stylePreview: (id) => services.stylePreview(id),
    // Ready once the engine has loaded: a model still loading (or missing) is not ready.
    engineReady: () => engineLoaded,
    engineStatus: () => {
      const info = services.loadedEngine()?.info
      if (!info) return engineError ? { error: engineError } : undefined
      const { id, device, deviceReason, model, dtype } = info
      return { id, device, deviceReason, model, dtype }
    },
    ffmpeg,
  })
  // Warm what the first request would otherwise pay for: the CLIP vocabulary (~0.3 s) and the engine.
  setImmediate(() => getClipTokenizer())
  services.engine().then(
    () => (engineLoaded = true),
    (err) => {
      engineError = err.message
      logger.warn({ err: err.message }, 'engine not ready')
    },
  )

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve(
      { fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: serverOptions(config.http) },
      () => resolve(s),
    )
  })
  capConnectionsPerIp(server as Server, config.http.maxConnectionsPerIp)
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const url = `http://${config.host}:${port}`
  logger.info({ url }, 'mus2pic is listening')
  let worker: RunningWorker | undefined
  if (config.cluster?.workerInProcess) {
    const apiUrl = config.cluster.apiUrl ?? url
    const { startWorker } = await import('./queue/worker.ts')
    worker = await startWorker({ ...config, cluster: { ...config.cluster, apiUrl } }, logger, over)
  }

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
      await worker?.close()
      await runner.shutdown()
      await cluster?.close()
      try {
        await services.close()
        logger.info('stopped cleanly')
      } catch (e) {
        // e.g. SQLITE_FULL on the final checkpoint: the WAL keeps the data; say so, without a stack.
        logger.error({ err: (e as Error).message }, 'stopped, but closing the store failed')
      }
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
        void running.close().then(() => process.exit(0))
      })
    }
  } catch (e) {
    console.error(isAppError(e) ? e.message : e)
    process.exit(1)
  }
}
