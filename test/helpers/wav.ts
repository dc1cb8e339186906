// Generated test audio: sine tones and 16-bit PCM WAV encoding, so no audio file is ever committed.
import { writeFile } from 'node:fs/promises'

/** A sine of `freq` Hz lasting `seconds` at `sampleRate` Hz, amplitude `amp` (0..1, default 0.5). */
export function sine(freq: number, seconds: number, sampleRate: number, amp = 0.5): Float32Array {
  const n = Math.round(seconds * sampleRate)
  const out = new Float32Array(n)
  const w = (2 * Math.PI * freq) / sampleRate
  for (let i = 0; i < n; i++) out[i] = amp * Math.sin(w * i)
  return out
}

/** Mono 16-bit PCM WAV bytes of `samples` (clipped to [-1, 1]). */
export function encodeWav(samples: Float32Array, sampleRate: number): Buffer {
  const data = samples.length * 2
  const b = Buffer.alloc(44 + data)
  b.write('RIFF', 0, 'ascii')
  b.writeUInt32LE(36 + data, 4)
  b.write('WAVE', 8, 'ascii')
  b.write('fmt ', 12, 'ascii')
  b.writeUInt32LE(16, 16) // fmt chunk size
  b.writeUInt16LE(1, 20) // PCM
  b.writeUInt16LE(1, 22) // mono
  b.writeUInt32LE(sampleRate, 24)
  b.writeUInt32LE(sampleRate * 2, 28) // byte rate
  b.writeUInt16LE(2, 32) // block align
  b.writeUInt16LE(16, 34) // bits per sample
  b.write('data', 36, 'ascii')
  b.writeUInt32LE(data, 40)
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]))
    b.writeInt16LE(Math.round(s < 0 ? s * 32768 : s * 32767), 44 + i * 2)
  }
  return b
}

/** Writes `samples` as a mono 16-bit WAV file. */
export async function writeWav(path: string, samples: Float32Array, sampleRate: number): Promise<void> {
  await writeFile(path, encodeWav(samples, sampleRate))
}
