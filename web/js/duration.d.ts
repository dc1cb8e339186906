// Types of web/js/duration.js for the server's TypeScript (the browser file is checked with checkJs).
/** "m:ss", or "h:mm:ss" from one hour; negative or non-finite input counts as 0. */
export declare function formatDuration(sec: number): string
