// Types of web/js/tempo-label.js for the server's TypeScript.
export declare const TEMPO_SURE: number
export declare function tempoLabel(bpm: number, confidence?: number): string
export declare function tempoAlternatives(alternatives?: number[], confidence?: number): string
