/** Server time minus device time, in ms, from a response's HTTP `Date` header; undefined when absent or unreadable. */
export function clockOffsetFromDate(dateHeader: string | undefined, nowMs: number): number | undefined {
  const serverMs = dateHeader ? Date.parse(dateHeader) : NaN
  return isNaN(serverMs) || !isFinite(nowMs) ? undefined : serverMs - nowMs
}
