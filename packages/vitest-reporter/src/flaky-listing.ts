import type { FlakyFinding } from './flaky'

/** The flaky tests an output lists, and a heading whose counts match that list. */
export interface FlakyListing {
  /** `3 (1 new)`, `none`: every count is of the tests listed or named as left out. */
  heading: string
  /** New findings first, then the known ones, each in the detector's order; at most `rows`. */
  shown: FlakyFinding[]
  /** How many were left out of `shown`. */
  more: number
}

/**
 * One listing for every output, so a heading never counts tests the list leaves out: new findings come first,
 * known ones after them, and whatever does not fit is counted as "more".
 */
export function flakyListing(findings: readonly FlakyFinding[], rows: number): FlakyListing {
  const fresh = findings.filter((finding) => finding.isNew)
  const ordered = [...fresh, ...findings.filter((finding) => !finding.isNew)]
  const shown = ordered.slice(0, rows)
  const heading = findings.length
    ? `${findings.length}${fresh.length ? `, ${fresh.length} new` : ''}`
    : 'none'
  return { heading, shown, more: ordered.length - shown.length }
}
