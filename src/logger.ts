// Structured JSON logs (pino). One root logger; children carry request and job IDs.
import { pino, type Logger } from 'pino'

export type { Logger }

export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: { app: 'mus2pic' }, timestamp: pino.stdTimeFunctions.isoTime })
}

/** A logger that drops everything: the default in tests and library calls. */
export const silentLogger: Logger = pino({ level: 'silent' })
