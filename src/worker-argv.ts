// Flags for worker threads that load TypeScript themselves (engine and analysis workers).

/** The parent's flags minus its tsx loader (`--import tsx` or `--import=tsx`): the worker entry loads tsx itself. */
export function withoutTsxImport(argv: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--import' && argv[i + 1]?.includes('tsx')) i++
    else if (!(argv[i].startsWith('--import=') && argv[i].includes('tsx'))) out.push(argv[i])
  }
  return out
}
