// Prompts a person wrote or edited: checked against CLIP's 77-token window (a prompt past it would be
// cut silently by the text encoder) and laid over the suggested set, keeping its seeds and palette.
import { AppError } from '../errors.ts'
import { CONTEXT_LENGTH, getClipTokenizer } from './clip-tokenizer.ts'
import type { PromptSet } from './types.ts'

/** CLIP tokens of `text`, BOS and EOS included. */
export function countPromptTokens(text: string): number {
  return getClipTokenizer().countTokens(text)
}

/** Throws INVALID_INPUT naming the first prompt over the limit and its token count. */
export function checkCustomPrompts(prompts: readonly string[]): number[] {
  const counts = prompts.map(countPromptTokens)
  const i = counts.findIndex((n) => n > CONTEXT_LENGTH)
  if (i >= 0)
    throw new AppError(
      'INVALID_INPUT',
      `prompt ${i + 1} has ${counts[i]} CLIP tokens; the limit is ${CONTEXT_LENGTH}: shorten it`,
      {
        details: [{ path: `prompts.${i}`, message: `${counts[i]} tokens (max ${CONTEXT_LENGTH})`, tokens: counts[i] }],
      },
    )
  return counts
}

/**
 * The suggested set with the given texts in place of its prompts (same count expected). A prompt
 * left as suggested keeps its explanation; an edited one has none (the words are the person's).
 */
export function withCustomPrompts(set: PromptSet, prompts: readonly string[]): PromptSet {
  const counts = checkCustomPrompts(prompts)
  return {
    ...set,
    prompts: prompts.map((text, i) => {
      const suggested = set.prompts[i]
      const same = suggested?.text === text
      return {
        text,
        tokens: counts[i],
        seed: suggested?.seed ?? 0,
        explanation: same ? suggested.explanation : [],
      }
    }),
  }
}
