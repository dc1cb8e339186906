// Fitting words into a box: the largest size at which the text wraps into at most N lines of a
// width and a height; below the smallest size, the last line is cut with an ellipsis.
import { measure, type Font } from './fonts.ts'

export interface FitOptions {
  maxWidth: number
  /** Height the lines may take: (lines - 1) * pitch + extent, all in px at the chosen size. */
  maxHeight: number
  maxSize: number
  minSize: number
  maxLines: number
  letterSpacing?: number
  /** Baseline-to-baseline distance in em. */
  pitch: number
  /** Ascender + descender in em: what one line occupies. */
  extent: number
}

export interface Fitted {
  lines: string[]
  size: number
  /** The text did not fit even at minSize and was cut. */
  cut: boolean
}

export function fitLines(font: Font, text: string, o: FitOptions): Fitted {
  const ls = o.letterSpacing ?? 0
  const words = text.trim().split(/\s+/).filter(Boolean)
  if (!words.length) return { lines: [], size: o.maxSize, cut: false }
  const height = (n: number, s: number) => ((n - 1) * o.pitch + o.extent) * s
  const min = Math.max(1, Math.min(o.minSize, o.maxSize))
  for (let size = Math.floor(o.maxSize); size >= min; size = Math.min(size - 1, Math.floor(size * 0.96))) {
    // words are broken between letters only as a last resort, at the smallest size
    if (words.some((w) => measure(font, w, size, ls) > o.maxWidth)) continue
    const lines = wrap(font, words, o.maxWidth, size, ls)
    if (lines.length <= o.maxLines && height(lines.length, size) <= o.maxHeight) return { lines, size, cut: false }
  }
  const size = Math.floor(min)
  const lines = wrap(font, words, o.maxWidth, size, ls)
  const rows = Math.max(1, Math.min(o.maxLines, Math.floor((o.maxHeight / size - o.extent) / o.pitch) + 1))
  const kept = lines.slice(0, rows)
  if (kept.length < lines.length)
    kept[kept.length - 1] = ellipsise(font, kept[kept.length - 1] + ' …', o.maxWidth, size, ls)
  return { lines: kept, size, cut: kept.length < lines.length }
}

/** Greedy wrap; a word wider than the line is broken between characters. */
export function wrap(font: Font, words: string[], maxWidth: number, size: number, ls = 0): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    for (const piece of breakWord(font, word, maxWidth, size, ls)) {
      const next = line ? `${line} ${piece}` : piece
      if (line && measure(font, next, size, ls) > maxWidth) {
        lines.push(line)
        line = piece
      } else line = next
    }
  }
  if (line) lines.push(line)
  return lines
}

function breakWord(font: Font, word: string, maxWidth: number, size: number, ls: number): string[] {
  if (measure(font, word, size, ls) <= maxWidth) return [word]
  const out: string[] = []
  let cur = ''
  for (const ch of Array.from(word)) {
    if (cur && measure(font, cur + ch, size, ls) > maxWidth) {
      out.push(cur)
      cur = ch
    } else cur += ch
  }
  if (cur) out.push(cur)
  return out
}

/** `text` shortened from the end until it fits, ending in "…". */
export function ellipsise(font: Font, text: string, maxWidth: number, size: number, ls = 0): string {
  if (measure(font, text, size, ls) <= maxWidth) return text
  const chars = Array.from(text.replace(/\s*…$/, ''))
  while (chars.length > 0 && measure(font, chars.join('').trimEnd() + '…', size, ls) > maxWidth) chars.pop()
  return chars.join('').trimEnd() + '…'
}
