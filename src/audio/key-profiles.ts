// Published key profiles (pitch-class weights, tonic first) and a bass-line profile, for key.ts to correlate with.
// Values as tabulated in Essentia's Key algorithm (src/algorithms/tonal/key.cpp), which cites each source.

import type { Mode } from './types.ts'

export type ProfileName = 'krumhansl' | 'temperley' | 'temperley2005' | 'edma' | 'bgate' | 'shaath'

/** Major and minor profile, 12 weights each, index 0 = tonic, 1 = minor second ... 11 = major seventh. */
export type KeyProfile = Record<Mode, readonly number[]>

export const PROFILES: Record<ProfileName, KeyProfile> = {
  /** Krumhansl & Kessler (1982), probe-tone ratings. */
  krumhansl: {
    major: [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88],
    minor: [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17],
  },
  /**
   * Temperley (1999), "What's key for key? The Krumhansl-Schmuckler key-finding algorithm reconsidered", Music
   * Perception 17(1). The minor profile gives the raised leading tone (4.0) far more than the flat seventh (1.5).
   */
  temperley: {
    major: [5, 2, 3.5, 2, 4.5, 4, 2, 4.5, 2, 3.5, 1.5, 4],
    minor: [5, 2, 3.5, 4.5, 2, 4, 2, 4.5, 3.5, 2, 1.5, 4],
  },
  /** Temperley (2005, MIREX), pitch-class probabilities from the Kostka-Payne corpus. */
  temperley2005: {
    major: [0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4],
    minor: [0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33],
  },
  /** Faraldo, Jorda & Herrera (2017), "A multi-profile method for key estimation in EDM" (AES), EDM-A. */
  edma: {
    major: [1, 0.29, 0.5, 0.4, 0.6, 0.56, 0.32, 0.8, 0.31, 0.45, 0.42, 0.39],
    minor: [1, 0.31, 0.44, 0.58, 0.33, 0.49, 0.29, 0.78, 0.43, 0.29, 0.53, 0.32],
  },
  /** Faraldo et al. (2016), "Key estimation in electronic dance music" (ECIR), Beatport/GiantSteps ("bgate"). */
  bgate: {
    major: [1, 0, 0.42, 0, 0.53, 0.37, 0, 0.77, 0, 0.38, 0.21, 0.3],
    minor: [1, 0, 0.36, 0.39, 0, 0.38, 0, 0.74, 0.27, 0, 0.42, 0.23],
  },
  /** Sha'ath (2011), "Estimation of key in digital music recordings" (MSc thesis, Birkbeck), KK retuned. */
  shaath: {
    major: [6.6, 2, 3.5, 2.3, 4.6, 4, 2.5, 5.2, 2.4, 3.7, 2.3, 3.4],
    minor: [6.5, 2.7, 3.5, 5.4, 2.6, 3.5, 2.5, 5.2, 4, 2.7, 4.3, 3.2],
  },
}

/**
 * How often each scale step carries the bass in tonal music: the tonic most (first and last chords, pedal
 * points), then dominant and subdominant, then the other diatonic roots and first-inversion thirds. Our own coarse
 * table, not a published one; the minor one allows both the natural and the raised seventh.
 */
export const BASS_PROFILE: KeyProfile = {
  major: [1, 0.02, 0.25, 0.02, 0.2, 0.45, 0.02, 0.5, 0.02, 0.3, 0.05, 0.05],
  minor: [1, 0.02, 0.15, 0.3, 0.02, 0.45, 0.02, 0.5, 0.3, 0.02, 0.2, 0.1],
}
