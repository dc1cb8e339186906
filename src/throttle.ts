// Calls `fn` at most once per `ms`, dropping the calls in between (download progress: the latest counts).
export function throttle<T>(fn: (v: T) => void, ms: number): (v: T) => void {
  let last = 0
  return (v) => {
    const now = Date.now()
    if (now - last >= ms) {
      last = now
      fn(v)
    }
  }
}
