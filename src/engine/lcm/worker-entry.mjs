// Plain-JS entry of the engine worker: registers tsx inside the worker thread (flags and hooks of
// the parent do not reach workers on every Node version), then loads the TypeScript worker.
import { tsImport } from 'tsx/esm/api'

await tsImport('./worker.ts', import.meta.url)
