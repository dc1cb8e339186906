// Public API of the poster stage: plan and compose finished posters, size presets, PNG metadata.
export type * from './types.ts'
export { composePoster, posterSvg, planFor, THUMB_WIDTH } from './compose.ts'
export { factsLine, tempoLabel, TEMPO_SURE } from './facts.ts'
export { planPoster, overlaps, FACTS_MIN_OF_HEIGHT, type PosterPlan, type PosterBoxes } from './plan.ts'
export { SIZE_PRESETS, SIZE_IDS, frameFor, orientationOf, type Rect, type Frame } from './layouts.ts'
export { readPngText, addPngText } from './png-text.ts'
