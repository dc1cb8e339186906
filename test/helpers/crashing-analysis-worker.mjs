// An analysis worker entry for tests: the real worker, except that a request for a path ending in
// ".crash" ends the thread at once (as an out-of-memory kill or a native fault would).
import { parentPort } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

// Wraps the real worker's message listener; a port delivers queued messages to its first listener,
// so a second listener added here could miss the first request.
const on = parentPort.on.bind(parentPort)
parentPort.on = (event, listener) =>
  on(event, (m) => {
    if (event === 'message' && m.type === 'analyse' && m.path.endsWith('.crash')) process.exit(7)
    return listener(m)
  })
await tsImport('../../src/audio/analysis-worker.ts', import.meta.url)
