// Public API of the poster stage: compose finished posters, size presets, PNG metadata.
export type * from './types.ts'
export { composePoster, metaLine, formatDuration, THUMB_WIDTH } from './compose.ts'
export { SIZE_PRESETS, layoutFor } from './layouts.ts'
export { readPngText, addPngText } from './png-text.ts'
