// Opens the SQLite database (the only importer of better-sqlite3): WAL, foreign keys, busy timeout,
// and applies pending migrations in one transaction each.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { MIGRATIONS, type Migration } from './migrations/index.ts'

export type Db = Database.Database

/** Opens (creating if needed) the database at `file`; ':memory:' for tests. */
export function openDb(file: string, migrations: Migration[] = MIGRATIONS): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // WAL + NORMAL is durable against process crashes (kill -9); only an OS crash can lose the last commit.
  db.pragma('synchronous = NORMAL')
  migrate(db, migrations)
  return db
}

export function migrate(db: Db, migrations: Migration[]): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  )
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[])
  const applied: number[] = []
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue
    db.transaction(() => {
      db.exec(m.sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      )
    })()
    applied.push(m.version)
  }
  return applied
}

/** Flushes the WAL into the main file; called on graceful shutdown. */
export function checkpoint(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)')
}
