// Public API of the prompt stage: features -> prompts, palette, explanation; styles; the CLIP tokenizer.
export type * from './types.ts'
export { buildPrompts, defaultSeed, type BuildOptions } from './build-prompts.ts'
export { ClipTokenizer, getClipTokenizer, loadClipTokenizer, BOS, EOS, CONTEXT_LENGTH } from './clip-tokenizer.ts'
export { featuresFromAnalysis, PromptFeaturesSchema } from './features.ts'
export { makePalette, hexToHsl, hslToHex, contrastRatio, colourName, keyHue } from './palette.ts'
export { createRng, hashString } from './random.ts'
export { listStyles, getStyle, DEFAULT_STYLE } from './styles.ts'
export { mappingTableMarkdown } from './vocabulary.ts'
