// A small Standard MIDI File reader for the corpus: tempo map, time and key signatures, and notes with times in
// seconds. Independent of src/ on purpose: it is the ground truth the analysis is measured against.

export interface MidiNote {
  /** Onset and release, seconds from the start of the file. */
  start: number
  end: number
  pitch: number
  velocity: number
  channel: number
}

export interface MidiFile {
  /** Tempo changes: at `time` seconds the quarter note becomes `bpm`. Always starts at time 0. */
  tempos: { time: number; bpm: number }[]
  /** Time signatures (numerator / denominator) by time. */
  meters: { time: number; num: number; den: number }[]
  /** Key signatures: `sharps` -7..7 (negative = flats), `minor` from the mi byte. */
  keys: { time: number; sharps: number; minor: boolean }[]
  notes: MidiNote[]
  duration: number
}

interface RawEvent {
  tick: number
  order: number
  kind: 'tempo' | 'meter' | 'key' | 'on' | 'off'
  a: number
  b: number
  channel: number
}

/** Parses format 0/1 SMF bytes (SMPTE time division is rejected). */
export function parseMidi(buf: Uint8Array): MidiFile {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const tag = (o: number): string => String.fromCharCode(buf[o], buf[o + 1], buf[o + 2], buf[o + 3])
  if (tag(0) !== 'MThd') throw new Error('not a MIDI file (no MThd)')
  const headerLen = view.getUint32(4)
  const ntracks = view.getUint16(10)
  const division = view.getUint16(12)
  if (division & 0x8000) throw new Error('SMPTE time division is not supported')
  const events: RawEvent[] = []
  let off = 8 + headerLen
  let order = 0
  for (let t = 0; t < ntracks && off + 8 <= buf.length; t++) {
    const len = view.getUint32(off + 4)
    const isTrack = tag(off) === 'MTrk'
    const end = Math.min(buf.length, off + 8 + len)
    if (isTrack) order = readTrack(buf, off + 8, end, events, order)
    off = off + 8 + len
  }
  // Meta events first at equal ticks, then note-offs before note-ons, so re-struck notes pair correctly.
  const rank = { tempo: 0, meter: 0, key: 0, off: 1, on: 2 }
  events.sort((x, y) => x.tick - y.tick || rank[x.kind] - rank[y.kind] || x.order - y.order)
  return toSeconds(events, division)
}

function readTrack(buf: Uint8Array, start: number, end: number, out: RawEvent[], order: number): number {
  let p = start
  let tick = 0
  let status = 0
  const vlq = (): number => {
    let v = 0
    for (let i = 0; i < 4 && p < end; i++) {
      const b = buf[p++]
      v = (v << 7) | (b & 0x7f)
      if (!(b & 0x80)) break
    }
    return v
  }
  while (p < end) {
    tick += vlq()
    let b = buf[p]
    if (b & 0x80) p++
    else b = status // running status
    if (b === 0xff) {
      const type = buf[p++]
      const len = vlq()
      const d = buf.subarray(p, p + len)
      p += len
      if (type === 0x51 && len >= 3) {
        const us = (d[0] << 16) | (d[1] << 8) | d[2]
        if (us > 0) out.push({ tick, order: order++, kind: 'tempo', a: 60e6 / us, b: 0, channel: -1 })
      } else if (type === 0x58 && len >= 2) {
        out.push({ tick, order: order++, kind: 'meter', a: d[0], b: 2 ** d[1], channel: -1 })
      } else if (type === 0x59 && len >= 2) {
        const sf = d[0] > 127 ? d[0] - 256 : d[0]
        out.push({ tick, order: order++, kind: 'key', a: sf, b: d[1], channel: -1 })
      } else if (type === 0x2f) break
      continue
    }
    if (b === 0xf0 || b === 0xf7) {
      const len = vlq() // read before adding: `p += vlq()` would add to the old p
      p += len
      continue
    }
    status = b
    const hi = b & 0xf0
    const channel = b & 0x0f
    const d1 = buf[p++]
    const d2 = hi === 0xc0 || hi === 0xd0 ? 0 : buf[p++]
    if (hi === 0x90 && d2 > 0) out.push({ tick, order: order++, kind: 'on', a: d1, b: d2, channel })
    else if (hi === 0x80 || (hi === 0x90 && d2 === 0))
      out.push({ tick, order: order++, kind: 'off', a: d1, b: 0, channel })
  }
  return order
}

function toSeconds(events: RawEvent[], division: number): MidiFile {
  const tempos = [{ time: 0, bpm: 120 }]
  const meters: MidiFile['meters'] = []
  const keys: MidiFile['keys'] = []
  const notes: MidiNote[] = []
  const open = new Map<number, { start: number; velocity: number }[]>()
  let lastTick = 0
  let time = 0
  let secPerTick = 60 / 120 / division
  for (const e of events) {
    time += (e.tick - lastTick) * secPerTick
    lastTick = e.tick
    if (e.kind === 'tempo') {
      secPerTick = 60 / e.a / division
      if (time === 0) tempos[0].bpm = e.a
      else tempos.push({ time, bpm: e.a })
    } else if (e.kind === 'meter') meters.push({ time, num: e.a, den: e.b })
    else if (e.kind === 'key') keys.push({ time, sharps: e.a, minor: e.b === 1 })
    else {
      const id = e.channel * 128 + e.a
      const stack = open.get(id) ?? []
      if (e.kind === 'on') {
        stack.push({ start: time, velocity: e.b })
        open.set(id, stack)
      } else {
        const on = stack.shift()
        if (on) notes.push({ start: on.start, end: time, pitch: e.a, velocity: on.velocity, channel: e.channel })
      }
    }
  }
  for (const [id, stack] of open)
    for (const on of stack)
      notes.push({ start: on.start, end: time, pitch: id % 128, velocity: on.velocity, channel: Math.floor(id / 128) })
  notes.sort((a, b) => a.start - b.start)
  return { tempos, meters, keys, notes, duration: time }
}

/** Quarter-note tempo in force at each moment of [from, to): time-weighted list of (bpm, seconds). */
export function tempoSpans(m: MidiFile, from: number, to: number): { bpm: number; sec: number }[] {
  const out: { bpm: number; sec: number }[] = []
  for (let i = 0; i < m.tempos.length; i++) {
    const a = Math.max(from, m.tempos[i].time)
    const b = Math.min(to, i + 1 < m.tempos.length ? m.tempos[i + 1].time : Infinity)
    if (b > a) out.push({ bpm: m.tempos[i].bpm, sec: b - a })
  }
  return out
}

/** Position in quarter-note beats from the start of the file at `time` seconds, from the tempo map. */
export function beatAt(m: MidiFile, time: number): number {
  let beats = 0
  for (let i = 0; i < m.tempos.length; i++) {
    const a = m.tempos[i].time
    const b = Math.min(time, i + 1 < m.tempos.length ? m.tempos[i + 1].time : Infinity)
    if (b > a) beats += ((b - a) * m.tempos[i].bpm) / 60
  }
  return beats
}

/**
 * Share of the note onsets in [from, to) that sit on the tempo map's grid: within a tenth of a sixteenth or of a
 * triplet eighth. About 0.36 by chance; a file played in freely (no click, the map a default) stays near that.
 */
export function gridAlignment(m: MidiFile, from: number, to: number): number {
  let on = 0
  let n = 0
  for (const note of m.notes) {
    if (note.start < from || note.start >= to) continue
    const b = beatAt(m, note.start)
    const f4 = (b * 4) % 1
    const f3 = (b * 3) % 1
    if (Math.min(f4, 1 - f4) < 0.1 || Math.min(f3, 1 - f3) < 0.1) on++
    n++
  }
  return n ? on / n : 0
}
