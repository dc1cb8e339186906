// Types of web/js/youtube-url.js for the server's TypeScript (the browser file is checked with checkJs).
export declare const VIDEO_ID_RE: RegExp
export declare const MAX_URL_BYTES: number
export declare function readYouTubeUrl(
  input: unknown,
): { id: string; reason?: undefined } | { id?: undefined; reason: string }
export declare function videoIdOf(input: string): string | null
