// Time left for a running job, from how long the same stages took before (a rolling window per
// engine, device, size and steps). Download and analysis scale with the track's length, generation
// and composition with the number of variations, writing prompts takes what it takes.
import type { StageTiming } from '../store/index.ts'

/** The stages a job goes through, in order; the ones an ETA covers. */
export const TIMED_STAGES = ['fetching', 'analyzing', 'prompting', 'generating', 'composing'] as const
export type TimedStage = (typeof TIMED_STAGES)[number]

const PER_TRACK_SECOND = new Set<string>(['fetching', 'analyzing'])
const PER_VARIATION = new Set<string>(['generating', 'composing'])

export interface EtaJob {
  /** The job's current state ('queued' counts as before the first stage). */
  state: string
  /** Milliseconds spent in the current state so far. */
  elapsedMs: number
  variations: number
  /** Track length in seconds once known; the history's mean until then. */
  trackSec?: number
  /** Engine progress within 'generating': step k of n. */
  step?: { k: number; n: number }
}

export interface Eta {
  /** Seconds left, never negative. */
  seconds: number
  /** What the estimate rests on: past jobs per stage, and whether engine steps refined it. */
  basis: { samples: number; from: 'history' | 'history+steps' }
}

/** Expected milliseconds of one stage for this job, or undefined without history. */
export function expectedStageMs(history: readonly StageTiming[], stage: string, job: EtaJob): number | undefined {
  const rows = history.filter((r) => r.stage === stage)
  if (!rows.length) return undefined
  const mean = (f: (r: StageTiming) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length
  if (PER_VARIATION.has(stage)) return mean((r) => r.ms / Math.max(1, r.variations)) * job.variations
  if (PER_TRACK_SECOND.has(stage)) {
    const trackSec = job.trackSec ?? mean((r) => r.trackSec)
    return mean((r) => r.ms / Math.max(1, r.trackSec)) * trackSec
  }
  return mean((r) => r.ms)
}

/** Seconds left for `job`, or null while some remaining stage has never been timed ("estimating…"). */
export function estimateEta(history: readonly StageTiming[], job: EtaJob): Eta | null {
  const at = job.state === 'queued' ? -1 : TIMED_STAGES.indexOf(job.state as TimedStage)
  if (at < -1 || (at === -1 && job.state !== 'queued')) return null
  let ms = 0
  let refined = false
  for (let i = Math.max(0, at); i < TIMED_STAGES.length; i++) {
    const stage = TIMED_STAGES[i]
    const expected = expectedStageMs(history, stage, job)
    if (expected === undefined) return null
    if (i !== at) {
      ms += expected
      continue
    }
    if (stage === 'generating' && job.step && job.step.k > 0 && job.step.n > job.step.k) {
      // this batch's own pace beats the history once a step has finished
      ms += (job.elapsedMs / job.step.k) * (job.step.n - job.step.k)
      refined = true
    } else if (stage === 'generating' && job.step && job.step.k >= job.step.n) {
      refined = true
    } else {
      // running late: keep a tenth of the expectation rather than claiming it is about to end
      ms += Math.max(expected - job.elapsedMs, expected * 0.1)
    }
  }
  const samples = Math.min(...TIMED_STAGES.map((s) => history.filter((r) => r.stage === s).length))
  return {
    seconds: Math.max(0, Math.round(ms / 100) / 10),
    basis: { samples, from: refined ? 'history+steps' : 'history' },
  }
}
