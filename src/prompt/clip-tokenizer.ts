// CLIP's byte-level BPE tokenizer in TypeScript (the text side of Stable Diffusion 1.x / LCM):
// same cleaning, regex, merges and IDs as OpenAI's reference; 77-token model input padded with EOS.
// Vocabulary: the bundled bpe_simple_vocab_16e6.txt.gz, or a model folder's vocab.json + merges.txt.
import { decodeHTML } from 'entities'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { AppError } from '../errors.ts'

export const BOS = 49406
export const EOS = 49407
export const CONTEXT_LENGTH = 77
const MERGE_COUNT = 49152 - 256 - 2

const BUNDLED_VOCAB = new URL('../../models/clip/bpe_simple_vocab_16e6.txt.gz', import.meta.url)

const PATTERN = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu

/** GPT-2's reversible byte -> printable-unicode map. */
function bytesToUnicode(): string[] {
  const bs: number[] = []
  for (let b = 33; b <= 126; b++) bs.push(b)
  for (let b = 161; b <= 172; b++) bs.push(b)
  for (let b = 174; b <= 255; b++) bs.push(b)
  const cs = [...bs]
  let n = 0
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b)
      cs.push(256 + n++)
    }
  }
  const map: string[] = new Array(256)
  bs.forEach((b, i) => (map[b] = String.fromCharCode(cs[i])))
  return map
}

const BYTE_ENCODER = bytesToUnicode()
/** The reference's basic_clean + whitespace_clean + lower(), without ftfy (NFC normalisation instead). */
export function cleanText(text: string): string {
  // fast path: plain ASCII prompts (almost all of ours) need neither normalisation nor unescaping
  let t = /[^\x00-\x7f]/.test(text) ? text.normalize('NFC') : text
  // the reference runs Python's html.unescape twice: the full HTML5 entity table, legacy forms included
  for (let i = 0; i < 2 && t.includes('&'); i++) t = decodeHTML(t)
  return t.replace(/\s+/g, ' ').trim().toLowerCase()
}

export class ClipTokenizer {
  private readonly cache = new Map<string, number[]>()
  private readonly utf8 = new TextEncoder()

  constructor(
    private readonly encoder: Map<string, number>,
    private readonly ranks: Map<string, number>,
  ) {}

  /** Token IDs with BOS and EOS, not truncated. */
  encode(text: string): number[] {
    const ids = [BOS]
    for (const m of cleanText(text).matchAll(PATTERN)) {
      for (const id of this.word(m[0])) ids.push(id)
    }
    ids.push(EOS)
    return ids
  }

  /** Model input: BOS ... EOS, truncated to `length` keeping EOS last, padded with EOS. */
  encodeForModel(text: string, length = CONTEXT_LENGTH): Int32Array {
    const ids = this.encode(text)
    const out = new Int32Array(length).fill(EOS)
    const n = Math.min(ids.length, length)
    for (let i = 0; i < n; i++) out[i] = ids[i]
    out[n - 1] = EOS // EOS stays last when the text was cut
    return out
  }

  /** Number of tokens including BOS and EOS. */
  countTokens(text: string): number {
    let n = 2
    for (const m of cleanText(text).matchAll(PATTERN)) n += this.word(m[0]).length
    return n
  }

  private word(token: string): number[] {
    const hit = this.cache.get(token)
    if (hit) return hit
    let mapped = ''
    for (const b of this.utf8.encode(token)) mapped += BYTE_ENCODER[b]
    const ids = this.bpe(mapped).map((piece) => {
      const id = this.encoder.get(piece)
      if (id === undefined) throw new AppError('INTERNAL', `CLIP vocabulary has no entry for ${JSON.stringify(piece)}`)
      return id
    })
    if (this.cache.size < 100_000) this.cache.set(token, ids)
    return ids
  }

  private bpe(token: string): string[] {
    const chars = Array.from(token)
    if (!chars.length) return []
    let word = chars.slice(0, -1).concat(chars[chars.length - 1] + '</w>')
    while (word.length > 1) {
      let best = -1
      let bestRank = Infinity
      for (let i = 0; i < word.length - 1; i++) {
        const r = this.ranks.get(word[i] + ' ' + word[i + 1])
        if (r !== undefined && r < bestRank) {
          bestRank = r
          best = i
        }
      }
      if (best < 0) break
      const a = word[best]
      const b = word[best + 1]
      const next: string[] = []
      for (let i = 0; i < word.length;) {
        if (i < word.length - 1 && word[i] === a && word[i + 1] === b) {
          next.push(a + b)
          i += 2
        } else next.push(word[i++])
      }
      word = next
    }
    return word
  }
}

/**
 * The 49,408 vocabulary entries in ID order, built from the reference merges (header line already
 * removed): 256 byte characters, the same with `</w>`, the first 48,894 merges joined, then the two
 * special tokens (IDs 49406 and 49407).
 */
export function clipVocabulary(mergeLines: string[]): string[] {
  const merges = mergeLines.slice(0, MERGE_COUNT)
  const base = BYTE_ENCODER.slice().sort((x, y) => BYTE_ORDER.get(x)! - BYTE_ORDER.get(y)!)
  return [
    ...base,
    ...base.map((v) => v + '</w>'),
    ...merges.map((m) => m.replace(' ', '')),
    '<|startoftext|>',
    '<|endoftext|>',
  ]
}

/** Builds the tokenizer from the reference merges file's lines (header line already removed). */
export function tokenizerFromMerges(mergeLines: string[]): ClipTokenizer {
  const merges = mergeLines.slice(0, MERGE_COUNT)
  const encoder = new Map(clipVocabulary(merges).map((v, i) => [v, i]))
  const ranks = new Map(merges.map((m, i) => [m, i]))
  return new ClipTokenizer(encoder, ranks)
}

// The reference lists byte characters in bytes_to_unicode() order (printables first), not byte order.
const BYTE_ORDER = (() => {
  const order = new Map<string, number>()
  const bs: number[] = []
  for (let b = 33; b <= 126; b++) bs.push(b)
  for (let b = 161; b <= 172; b++) bs.push(b)
  for (let b = 174; b <= 255; b++) bs.push(b)
  for (let b = 0; b < 256; b++) if (!bs.includes(b)) bs.push(b)
  bs.forEach((b, i) => order.set(BYTE_ENCODER[b], i))
  return order
})()

/**
 * Loads a tokenizer: from `dir` when it holds vocab.json + merges.txt (a model folder's
 * tokenizer/, as optimum exports it), else the bundled vocabulary. A folder with only one of the
 * two files, unreadable files, or special tokens at other IDs than 49406/49407 give MODEL_INVALID:
 * a half-copied model must not silently produce different IDs.
 */
export function loadClipTokenizer(opts: { dir?: string } = {}): ClipTokenizer {
  if (opts.dir) {
    const vocabPath = join(opts.dir, 'vocab.json')
    const mergesPath = join(opts.dir, 'merges.txt')
    const has = [existsSync(vocabPath), existsSync(mergesPath)]
    if (has[0] && has[1]) return tokenizerFromFolder(opts.dir, vocabPath, mergesPath)
    if (has[0] || has[1]) {
      throw new AppError(
        'MODEL_INVALID',
        `tokenizer folder ${opts.dir} has ${has[0] ? 'vocab.json' : 'merges.txt'} but not ${has[0] ? 'merges.txt' : 'vocab.json'}`,
      )
    }
  }
  let text: string
  try {
    text = gunzipSync(readFileSync(BUNDLED_VOCAB)).toString('utf8')
  } catch (e) {
    throw new AppError(
      'MODEL_MISSING',
      'the bundled CLIP vocabulary models/clip/bpe_simple_vocab_16e6.txt.gz is missing or damaged',
      { cause: e },
    )
  }
  return tokenizerFromMerges(text.split(/\r?\n/).slice(1))
}

function tokenizerFromFolder(dir: string, vocabPath: string, mergesPath: string): ClipTokenizer {
  let vocab: Record<string, number>
  let merges: string[]
  try {
    vocab = JSON.parse(readFileSync(vocabPath, 'utf8')) as Record<string, number>
    // HF writes a "#version" header; blank trailing lines and CRLF endings are tolerated.
    merges = readFileSync(mergesPath, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l && !l.startsWith('#version'))
  } catch (e) {
    throw new AppError('MODEL_INVALID', `cannot read the tokenizer in ${dir}: ${(e as Error).message}`, { cause: e })
  }
  if (vocab['<|startoftext|>'] !== BOS || vocab['<|endoftext|>'] !== EOS) {
    throw new AppError(
      'MODEL_INVALID',
      `tokenizer in ${dir} is not CLIP's: <|startoftext|>/<|endoftext|> must be ${BOS}/${EOS}, got ${vocab['<|startoftext|>']}/${vocab['<|endoftext|>']}`,
    )
  }
  return new ClipTokenizer(new Map(Object.entries(vocab)), new Map(merges.map((m, i) => [m, i])))
}

let shared: ClipTokenizer | undefined
/** The bundled-vocabulary tokenizer, loaded once. */
export function getClipTokenizer(): ClipTokenizer {
  return (shared ??= loadClipTokenizer())
}
