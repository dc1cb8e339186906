#!/usr/bin/env node
// Entry for `npx mus2pic` (and any linked or global install): registers tsx so the TypeScript
// sources run without a build step, then calls the CLI explicitly — no sniffing of argv[1].
import { register } from 'tsx/esm/api'
register()
const { runCli } = await import('../src/cli/main.ts')
process.exitCode = await runCli(process.argv.slice(2))
