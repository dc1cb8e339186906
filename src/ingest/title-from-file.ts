// A readable title from an uploaded file's name, for files without a title tag: "01 - night_drive.mp3"
// becomes "night drive". Casing is left as typed; the poster style decides about capitals.

// "01 - ", "07.", "03_", "Track 04 - ", "01 " (zero-padded); a bare "99 Luftballons" keeps its number
const TRACK_NUMBER = /^(?:track\s*)?(?:\d{1,3}\s*[-._)]+\s*|0\d\s+)(?=\S)/i
const EXTENSION = /\.[a-z0-9]{1,5}$/i

/** Title from a file name: extension, leading track number and separators (_ - .) removed; undefined if empty. */
export function titleFromFileName(name: string | undefined): string | undefined {
  if (!name) return undefined
  let t = name.replace(/^.*[\\/]/, '').replace(/[\x00-\x1f]/g, '')
  t = t.replace(EXTENSION, '').trim()
  const stripped = t.replace(TRACK_NUMBER, '')
  if (/[\p{L}\p{N}]/u.test(stripped)) t = stripped // "1979.mp3" is a title, not a track number
  // "_" always separates; "." only inside a word ("my.song"), so "Feat. Someone" keeps its dot
  t = t.replace(/_+/g, ' ').replace(/(?<=\S)\.+(?=\S)/g, ' ')
  // a hyphen inside a word ("lo-fi") stays; one next to a space, at an edge or doubled separates
  t = t.replace(/\s+-+\s*|\s*-+\s+|^-+|-+$|-{2,}/g, ' ')
  t = t.replace(/\s+/g, ' ').trim()
  return /[\p{L}\p{N}]/u.test(t) ? t.slice(0, 200) : undefined
}
