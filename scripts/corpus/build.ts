// Builds the music corpus for `npm run eval:music`: real compositions rendered from General MIDI files shipped
// in Debian packages, plus generated grooves for every tempo failure kind. Writes mono 22050 Hz WAV clips and
// <outDir>/manifest.json: [{ id, file, group, source, bpm | null, key: { tonic, mode } | null }].
//
//   node --import tsx scripts/corpus/build.ts [outDir] [--force]     (default outDir: cache/corpus)
//
// MIDI sources (installed Debian packages; missing ones are skipped - this script installs nothing):
//   simutrans-data, freedink-data, kobodeluxe-data, liquidwar-data, pinball-table-hurd-data, faust-common,
//   and if present pianobooster, crimson, pangzero, solfege, abcmidi (ABC tunes, converted with abc2midi) and
//   musescore3 (demo scores, converted with mscore3).
//   `apt-get install --no-install-recommends simutrans-data freedink-data kobodeluxe-data liquidwar-data
//    pinball-table-hurd-data faust-common pianobooster abcmidi musescore3`
// Never used (kept for independent evaluation): openttd-openmsx, planetblupi-music-midi, mma, fretsonfire-songs-*.
// Needs fluidsynth, /usr/share/sounds/sf2/FluidR3_GM.sf2 and ffmpeg. Existing clips are reused unless --force.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { gunzipSync } from 'node:zlib'
import { gridAlignment, parseMidi, tempoSpans, type MidiFile } from './midi.ts'
import { renderGroove, type GrooveKind } from './grooves.ts'
import { estimateMidiKey, keyFromSignature, type RefKey } from './key-profile.ts'
import { encodeWav } from './wav.ts'

export interface CorpusEntry {
  id: string
  file: string
  group: string
  source: string
  bpm: number | null
  key: RefKey | null
}

const SAMPLE_RATE = 22050
const CLIP_SEC = 30
const SOUNDFONT = '/usr/share/sounds/sf2/FluidR3_GM.sf2'
/** A clip whose tempo map spans more than this ratio (max/min) has no tempo label. */
const MAX_TEMPO_SPREAD = 1.04
/** Below this share of onsets on the tempo map's grid the map does not describe the notes (chance: ~0.36). */
const MIN_GRID_ALIGNMENT = 0.5

/** A package's folder of MIDI files, or of notation that `convert` turns into MIDI first. */
interface MidiSource {
  pkg: string
  dir: string
  convert?: 'abc2midi' | 'mscore3'
}

const MIDI_SOURCES: MidiSource[] = [
  { pkg: 'simutrans-data', dir: '/usr/share/games/simutrans/music' },
  { pkg: 'freedink-data', dir: '/usr/share/games/dink/dink/Sound' },
  { pkg: 'kobodeluxe-data', dir: '/usr/share/kobo-deluxe/sfx' },
  { pkg: 'liquidwar-data', dir: '/usr/share/games/liquidwar/music' },
  { pkg: 'pinball-table-hurd-data', dir: '/usr/share/games/pinball/hurd' },
  { pkg: 'faust-common', dir: '/usr/share/faust/examples/physicalModeling/faust-stk/pd-patches/fancy' },
  { pkg: 'pianobooster', dir: '/usr/share/doc/pianobooster/courses/BoosterMusic' },
  { pkg: 'crimson', dir: '/usr/share/games/crimson/music' },
  { pkg: 'pangzero', dir: '/usr/share/perl5/auto/share/dist/Games-PangZero' },
  // Converted to MIDI first (see convertedMidi): folk tunes in ABC notation, MuseScore's demo scores.
  { pkg: 'abcmidi', dir: '/usr/share/doc/abcmidi/examples', convert: 'abc2midi' },
  { pkg: 'musescore3', dir: '/usr/share/mscore3-3.2/demos', convert: 'mscore3' },
  { pkg: 'solfege', dir: '/usr/share/solfege/exercises/standard/lesson-files/share' },
]

/** Generated kinds: [kind, group, tempi (seed 0 exactly, further seeds jittered +-5%), seeds, drift]. */
const GROOVES: [GrooveKind, string, number[], number, number][] = [
  ['comp-dotted8', 'polyrhythm', [80, 90], 3, 0],
  ['comp-dotted4', 'polyrhythm', [126, 134, 180], 2, 0],
  ['rock', 'octave', [100], 3, 0],
  ['funk', 'octave', [104], 3, 0],
  ['one-drop', 'octave', [80], 3, 0],
  ['arpeggio', 'octave', [88], 3, 0],
  ['half-time', 'octave', [140, 170], 3, 0],
  ['ballad', 'octave', [68], 3, 0],
  ['hip-hop', 'octave', [92], 3, 0],
  ['swing', 'meter', [110, 150, 190], 1, 0],
  ['waltz', 'meter', [90, 135, 170], 1, 0],
  ['six-eight', 'meter', [60, 72, 90], 1, 0],
  ['twelve-eight', 'meter', [55, 66, 76], 1, 0],
  ['five-four', 'meter', [150, 176], 1, 0],
  ['drumless', 'drumless', [72, 100, 128], 1, 0],
  ['drift', 'drift', [96, 112, 124, 132], 1, 0.03],
]

const PITCH = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']

/** Builds (or reuses) the corpus in `outDir` and returns its manifest. */
export function buildCorpus(outDir: string, opts: { force?: boolean; log?: (s: string) => void } = {}): CorpusEntry[] {
  const log = opts.log ?? ((s: string) => console.error(s))
  const out = resolve(outDir)
  mkdirSync(join(out, 'midi'), { recursive: true })
  mkdirSync(join(out, 'gen'), { recursive: true })
  const entries: CorpusEntry[] = []
  for (const src of MIDI_SOURCES) {
    if (!existsSync(src.dir)) {
      log(`skip ${src.pkg}: ${src.dir} not installed`)
      continue
    }
    const tmp = src.convert ? join(tmpdir(), `corpus-${src.pkg}-${process.pid}`) : undefined
    for (const file of tmp ? convertedMidi(src, tmp, log) : listMidi(src.dir)) {
      const e = midiClip(file, src.pkg, out, !!opts.force, log)
      if (e) entries.push(e)
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  }
  for (const [kind, group, tempi, seeds, drift] of GROOVES) {
    for (const bpm0 of tempi)
      for (let seed = 0; seed < seeds; seed++) {
        const bpm = seed === 0 ? bpm0 : Math.round(bpm0 * (1 + 0.05 * Math.sin(seed * 2.4 + bpm0)))
        // Two base tempi can jitter to the same value: the second one's id names its base tempo.
        let id = `gen-${kind}-${bpm}-s${seed}`
        if (entries.some((e) => e.id === id)) id += `-b${bpm0}`
        const file = join(out, 'gen', `${id}.wav`)
        const g = renderGroove({ kind, bpm, seed, seconds: CLIP_SEC, sampleRate: SAMPLE_RATE, drift })
        if (opts.force || !existsSync(file)) writeFileSync(file, encodeWav(g.samples, SAMPLE_RATE))
        const key = { tonic: PITCH[g.tonic], mode: g.mode }
        entries.push({ id, file, group, source: `generated:${kind}`, bpm: round2(g.bpm), key })
      }
  }
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(entries, null, 1) + '\n')
  log(`corpus: ${entries.length} clips in ${out}`)
  return entries
}

function listMidi(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...listMidi(p))
    else if (/\.(mid|midi|kar)(\.gz)?$/i.test(name)) out.push(p)
  }
  return out
}

/** Picks a window, labels it from the MIDI data and renders it; undefined when the file is unusable. */
function midiClip(path: string, pkg: string, out: string, force: boolean, log: (s: string) => void) {
  let m: MidiFile
  try {
    m = parseMidi(midiBytes(path))
  } catch (err) {
    log(`skip ${path}: ${(err as Error).message}`)
    return undefined
  }
  const pitched = m.notes.filter((n) => n.channel !== 9)
  if (m.notes.length < 40) return undefined
  const first = m.notes[0].start
  const last = m.notes.reduce((a, n) => Math.max(a, n.end), 0)
  // Skip a long intro (often rubato or a count-in) when the piece is long enough.
  const from = last - first > CLIP_SEC + 20 ? first + 10 : first
  const to = Math.min(last, from + CLIP_SEC)
  if (to - from < 15) return undefined
  const id = `midi-${pkg}-${basename(path)
    .replace(/(\.[a-z]+)+$/i, '')
    .replace(/[^A-Za-z0-9]+/g, '-')}`
  const file = join(out, 'midi', `${id}.wav`)
  // The sidecar records the window the clip was cut from, so a changed window re-renders it.
  const window = join(out, 'midi', `${id}.window`)
  const span = `${from.toFixed(3)}-${to.toFixed(3)}`
  if (force || !existsSync(file) || !existsSync(window) || readFileSync(window, 'utf8') !== span) {
    const tmp = join(tmpdir(), `corpus-${process.pid}-${id}.wav`)
    // fluidsynth reads plain files only: a gzipped MIDI file is written out first.
    const plain = path.endsWith('.gz') ? join(tmpdir(), `corpus-${process.pid}-${id}.mid`) : path
    if (plain !== path) writeFileSync(plain, midiBytes(path))
    const r = spawnSync('fluidsynth', ['-ni', '-q', '-F', tmp, '-r', String(SAMPLE_RATE), SOUNDFONT, plain])
    if (plain !== path) rmSync(plain, { force: true })
    if (r.status !== 0 || !existsSync(tmp)) {
      log(`skip ${path}: fluidsynth failed (${r.stderr?.toString().slice(0, 200)})`)
      return undefined
    }
    const f = spawnSync(
      'ffmpeg',
      ['-v', 'error', '-y', '-ss', String(from), '-t', String(to - from), '-i', tmp].concat([
        '-ac',
        '1',
        '-ar',
        String(SAMPLE_RATE),
        '-c:a',
        'pcm_s16le',
        file,
      ]),
    )
    rmSync(tmp, { force: true })
    if (f.status !== 0) {
      log(`skip ${path}: ffmpeg failed`)
      return undefined
    }
    writeFileSync(window, span)
  }
  // fluidsynth can end before the notes do (a long release cut short): keep clips of at least 10 s only.
  if (statSync(file).size < 44 + SAMPLE_RATE * 2 * 10) {
    log(`skip ${path}: rendered clip shorter than 10 s`)
    return undefined
  }
  return {
    id,
    file,
    group: 'midi',
    source: pkg,
    bpm: referenceTempo(m, from, to),
    key: referenceKey(m, pitched, from, to),
  }
}

/**
 * Time-weighted tempo of the window, in tapped beats; null when the map changes a lot inside it, or when the notes
 * do not follow the map (a performance recorded without a click keeps the file's default tempo, e.g. 100 or 120).
 */
function referenceTempo(m: MidiFile, from: number, to: number): number | null {
  if (gridAlignment(m, from, to) < MIN_GRID_ALIGNMENT) return null
  const spans = tempoSpans(m, from, to)
  if (!spans.length) return null
  const bpms = spans.map((s) => s.bpm)
  if (Math.max(...bpms) / Math.min(...bpms) > MAX_TEMPO_SPREAD) return null
  const sec = spans.reduce((a, s) => a + s.sec, 0)
  const quarter = spans.reduce((a, s) => a + s.bpm * s.sec, 0) / sec
  const meters = m.meters.filter((x) => x.time < to)
  const inside = meters.filter((x) => x.time > from)
  const current = [...meters].reverse().find((x) => x.time <= from) ?? inside[0]
  if (inside.some((x) => x.num !== current?.num || x.den !== current?.den)) return null
  // Compound meters (6/8, 9/8, 12/8) are tapped in dotted quarters.
  const compound = current && current.den === 8 && current.num % 3 === 0 && current.num >= 6
  // A bar that is not a whole number of quarters (7/16, 7/8, 3/8) has no evenly tapped quarter: no label.
  if (current && !compound && (current.num * 4) % current.den !== 0) return null
  return round2(compound ? (quarter * 2) / 3 : quarter)
}

/** The key signature in force, kept only when the notes' pitch-class profile agrees with it. */
function referenceKey(m: MidiFile, notes: MidiFile['notes'], from: number, to: number): RefKey | null {
  // Every signature up to the end of the clip must agree (type-1 files repeat it per track, sometimes wrongly).
  const sigs = m.keys.filter((k) => k.time < to)
  const current = sigs[0]
  if (!current || sigs.some((k) => k.sharps !== current.sharps || k.minor !== current.minor)) return null
  const label = keyFromSignature(current.sharps, current.minor)
  const best = estimateMidiKey(notes, from, to)
  return best && best.tonic === label.tonic && best.mode === label.mode ? label : null
}

function midiBytes(path: string): Buffer {
  const raw = readFileSync(path)
  return path.endsWith('.gz') ? gunzipSync(raw) : raw
}

/** ABC files exercising abc2midi features rather than tunes (drum, temperament, detuning demos): not music. */
const ABC_FEATURE_DEMOS = new Set(['drums.abc', 'temperament.abc', 'detune.abc'])

/**
 * MIDI files converted from notation: ABC tunes with abc2midi (tempo from Q:, key signature from K:), MuseScore
 * demo scores with mscore3 (headless). Written to `dir` (the caller removes it); [] when the converter is missing.
 */
function convertedMidi(src: MidiSource, dir: string, log: (s: string) => void): string[] {
  mkdirSync(dir, { recursive: true })
  const out: string[] = []
  for (const name of readdirSync(src.dir).sort()) {
    const input = join(src.dir, name)
    if (src.convert === 'abc2midi' && name.endsWith('.abc') && !ABC_FEATURE_DEMOS.has(name)) {
      // Without -o abc2midi writes one file per tune (X: number) next to its input: <name><X>.mid. A copy in the
      // temporary folder keeps the package's folder untouched.
      const copy = join(dir, name)
      writeFileSync(copy, readFileSync(input))
      const r = spawnSync('abc2midi', [copy, '-silent'], { cwd: dir })
      if (r.error) {
        log(`skip ${src.pkg}: abc2midi not installed`)
        return []
      }
    } else if (src.convert === 'mscore3' && /\.msc[xz]$/.test(name)) {
      const midi = join(dir, name.replace(/\.msc[xz]$/, '.mid'))
      const r = spawnSync('mscore3', ['-o', midi, input], { env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' } })
      if (r.error) {
        log(`skip ${src.pkg}: mscore3 not installed`)
        return []
      }
    }
  }
  for (const name of readdirSync(dir).sort()) if (name.endsWith('.mid')) out.push(join(dir, name))
  return out
}

const round2 = (x: number): number => Math.round(x * 100) / 100

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const outDir = args.find((a) => !a.startsWith('--')) ?? 'cache/corpus'
  const t0 = Date.now()
  const entries = buildCorpus(outDir, { force: args.includes('--force') })
  const tempo = entries.filter((e) => e.bpm !== null).length
  const key = entries.filter((e) => e.key !== null).length
  console.log(
    `${entries.length} clips (${tempo} with tempo, ${key} with key) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  )
}
