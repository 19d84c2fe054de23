/** `850ms`, `12.3s`, `4m05s`: short and stable for terminals and Markdown. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`
}

/** `12%` of a share (0..1). */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`
}
