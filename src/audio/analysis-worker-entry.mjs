// Plain-JS entry of an analysis worker: registers tsx inside the worker thread (the parent's loader
// flags do not reach workers on every Node version), then loads the TypeScript worker.
import { tsImport } from 'tsx/esm/api'

await tsImport('./analysis-worker.ts', import.meta.url)
