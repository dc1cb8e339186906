// Audio rows (what tracks we know) and cached analyses keyed by (audio ID, analysis version),
// plus the prompts a job used.
import type { Db } from './db.ts'

export interface AudioRow {
  id: string
  source: string
  title: string
  author: string
  durationSec: number
  url?: string | null
}

export interface PromptRow {
  idx: number
  text: string
  tokens: number
  seed: number
  explanation: unknown
}

export function createMediaRepo(db: Db) {
  const upsertAudio = db.prepare(`INSERT INTO audio (id, source, title, author, duration_sec, url, created_at)
    VALUES (@id, @source, @title, @author, @durationSec, @url, @createdAt)
    ON CONFLICT(id) DO UPDATE SET title = excluded.title, author = excluded.author, duration_sec = excluded.duration_sec, url = excluded.url`)
  const getAudio = db.prepare(
    'SELECT id, source, title, author, duration_sec AS durationSec, url FROM audio WHERE id = ?',
  )
  const getAnalysis = db.prepare('SELECT json FROM analyses WHERE audio_id = ? AND version = ?')
  const latestAnalysis = db.prepare('SELECT json FROM analyses WHERE audio_id = ? ORDER BY version DESC LIMIT 1')
  const putAnalysis = db.prepare(
    'INSERT OR REPLACE INTO analyses (audio_id, version, json, created_at) VALUES (?, ?, ?, ?)',
  )
  const delPrompts = db.prepare('DELETE FROM prompts WHERE job_id = ?')
  const addPrompt = db.prepare(
    'INSERT INTO prompts (job_id, idx, text, tokens, seed, explanation) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const getPrompts = db.prepare(
    'SELECT idx, text, tokens, seed, explanation FROM prompts WHERE job_id = ? ORDER BY idx',
  )

  return {
    upsertAudio(a: AudioRow): void {
      upsertAudio.run({ ...a, url: a.url ?? null, createdAt: new Date().toISOString() })
    },
    getAudio(id: string): AudioRow | undefined {
      return getAudio.get(id) as AudioRow | undefined
    },
    getAnalysis<T>(audioId: string, version: number): T | undefined {
      const json = getAnalysis.pluck().get(audioId, version) as string | undefined
      return json ? (JSON.parse(json) as T) : undefined
    },
    latestAnalysis<T>(audioId: string): T | undefined {
      const json = latestAnalysis.pluck().get(audioId) as string | undefined
      return json ? (JSON.parse(json) as T) : undefined
    },
    putAnalysis(audioId: string, version: number, analysis: unknown): void {
      putAnalysis.run(audioId, version, JSON.stringify(analysis), new Date().toISOString())
    },
    setPrompts: db.transaction((jobId: string, prompts: PromptRow[]) => {
      delPrompts.run(jobId)
      for (const p of prompts) addPrompt.run(jobId, p.idx, p.text, p.tokens, p.seed, JSON.stringify(p.explanation))
    }) as (jobId: string, prompts: PromptRow[]) => void,
    getPrompts(jobId: string): PromptRow[] {
      return (getPrompts.all(jobId) as (Omit<PromptRow, 'explanation'> & { explanation: string })[]).map((p) => ({
        ...p,
        explanation: JSON.parse(p.explanation),
      }))
    },
  }
}

export type MediaRepo = ReturnType<typeof createMediaRepo>
