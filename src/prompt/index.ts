// Public API of the prompt stage: features -> prompts, palette, explanation; styles; the CLIP tokenizer.
export type * from './types.ts'
export { buildPrompts, defaultSeed, type BuildOptions } from './build-prompts.ts'
export {
  ClipTokenizer,
  clipVocabulary,
  getClipTokenizer,
  loadClipTokenizer,
  BOS,
  EOS,
  CONTEXT_LENGTH,
} from './clip-tokenizer.ts'
export { featuresFromAnalysis, parsePromptFeatures, PromptFeaturesSchema } from './features.ts'
export { makePalette, hexToHsl, hslToHex, contrastRatio, colourName, keyHue } from './palette.ts'
export { listStyles, getStyle, DEFAULT_STYLE } from './styles.ts'
export {
  mappingTableMarkdown,
  DANCE_WORDS,
  DYNAMICS_WORDS,
  ENERGY_WORDS,
  LIGHT_WORDS,
  MOOD_WORDS,
  SUBJECTS,
  TEMPO_WORDS,
  VIEWPOINTS,
  WARMTH_WORDS,
  type Band,
} from './vocabulary.ts'
export { checkCustomPrompts, countPromptTokens, withCustomPrompts } from './custom-prompts.ts'
