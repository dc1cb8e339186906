// Versioned schema migrations. Append a new entry; never edit one that has shipped.
export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE audio (
        id           TEXT PRIMARY KEY,
        source       TEXT NOT NULL,
        title        TEXT NOT NULL,
        author       TEXT NOT NULL,
        duration_sec REAL NOT NULL,
        url          TEXT,
        created_at   TEXT NOT NULL
      );
      CREATE TABLE analyses (
        audio_id   TEXT NOT NULL REFERENCES audio(id) ON DELETE CASCADE,
        version    INTEGER NOT NULL,
        json       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (audio_id, version)
      );
      CREATE TABLE jobs (
        id            TEXT PRIMARY KEY,
        state         TEXT NOT NULL,
        input_json    TEXT NOT NULL,
        options_json  TEXT NOT NULL,
        audio_id      TEXT REFERENCES audio(id) ON DELETE SET NULL,
        error_code    TEXT,
        error_message TEXT,
        timings_json  TEXT NOT NULL DEFAULT '{}',
        result_json   TEXT,
        attempts      INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        finished_at   TEXT
      );
      CREATE INDEX jobs_state ON jobs(state);
      CREATE TABLE job_events (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        seq    INTEGER NOT NULL,
        type   TEXT NOT NULL,
        data   TEXT NOT NULL,
        at     TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      );
      CREATE TABLE prompts (
        job_id      TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        idx         INTEGER NOT NULL,
        text        TEXT NOT NULL,
        tokens      INTEGER NOT NULL,
        seed        INTEGER NOT NULL,
        explanation TEXT NOT NULL,
        PRIMARY KEY (job_id, idx)
      );
      CREATE TABLE posters (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id      TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        idx         INTEGER NOT NULL,
        audio_id    TEXT,
        title       TEXT NOT NULL,
        author      TEXT NOT NULL,
        style       TEXT NOT NULL,
        size        TEXT NOT NULL,
        engine      TEXT NOT NULL,
        seed        INTEGER NOT NULL,
        prompt      TEXT NOT NULL,
        bpm         REAL NOT NULL,
        tonic       TEXT NOT NULL,
        mode        TEXT NOT NULL,
        mood        TEXT NOT NULL,
        palette     TEXT NOT NULL,
        width       INTEGER NOT NULL,
        height      INTEGER NOT NULL,
        png_path    TEXT NOT NULL,
        thumb_path  TEXT NOT NULL,
        bytes       INTEGER NOT NULL,
        favourite   INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        UNIQUE (job_id, idx)
      );
      CREATE INDEX posters_style ON posters(style, id);
      CREATE INDEX posters_bpm ON posters(bpm);
      CREATE INDEX posters_fav ON posters(favourite, id);
      CREATE INDEX posters_created ON posters(created_at);
      CREATE VIRTUAL TABLE posters_fts USING fts5(title, author, content='posters', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
      CREATE TRIGGER posters_ai AFTER INSERT ON posters BEGIN
        INSERT INTO posters_fts(rowid, title, author) VALUES (new.id, new.title, new.author);
      END;
      CREATE TRIGGER posters_ad AFTER DELETE ON posters BEGIN
        INSERT INTO posters_fts(posters_fts, rowid, title, author) VALUES ('delete', old.id, old.title, old.author);
      END;
    `,
  },
  {
    version: 2,
    name: 'poster words, raw artwork and re-compose parameters',
    sql: `
      ALTER TABLE posters ADD COLUMN subtitle TEXT NOT NULL DEFAULT '';
      ALTER TABLE posters ADD COLUMN art_path TEXT;
      ALTER TABLE posters ADD COLUMN art_svg_path TEXT;
      ALTER TABLE posters ADD COLUMN upscaled INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE posters ADD COLUMN compose_json TEXT;
      CREATE TRIGGER posters_au AFTER UPDATE OF title, author ON posters BEGIN
        INSERT INTO posters_fts(posters_fts, rowid, title, author) VALUES ('delete', old.id, old.title, old.author);
        INSERT INTO posters_fts(rowid, title, author) VALUES (new.id, new.title, new.author);
      END;
      `,
  },
  {
    version: 3,
    name: 'stage timings',
    sql: `
      CREATE TABLE stage_timings (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        engine     TEXT NOT NULL,
        device     TEXT NOT NULL,
        size       TEXT NOT NULL,
        steps      INTEGER NOT NULL,
        stage      TEXT NOT NULL,
        ms         REAL NOT NULL,
        track_sec  REAL NOT NULL,
        variations INTEGER NOT NULL,
        at         TEXT NOT NULL
      );
      CREATE INDEX stage_timings_key ON stage_timings(engine, device, size, steps, stage, id);
    `,
  },
  {
    version: 4,
    name: 'share links',
    sql: `
      CREATE TABLE shares (
        token      TEXT PRIMARY KEY,
        poster_id  INTEGER NOT NULL UNIQUE REFERENCES posters(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'batches',
    sql: `
      CREATE TABLE batches (
        id         TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      );
      CREATE TABLE batch_jobs (
        batch_id TEXT NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
        idx      INTEGER NOT NULL,
        job_id   TEXT NOT NULL,
        PRIMARY KEY (batch_id, idx)
      );
    `,
  },
]
