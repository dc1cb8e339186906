// The one duration formatter, used by the browser and (through src/format/duration.ts) by the server:
// round to the nearest second first, then split, so 239.6 s is "4:00".

/** "m:ss", or "h:mm:ss" from one hour; negative or non-finite input counts as 0. @param {number} sec */
export function formatDuration(sec) {
  const total = Number.isFinite(sec) ? Math.max(0, Math.round(sec)) : 0
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}
