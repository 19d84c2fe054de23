/**
 * Edit distance with adjacent transpositions (optimal string alignment): `sequentail` is one edit from
 * `sequential`, `migrtions` one from `migrations`. Case-insensitive.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  const rows: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i])
  for (let j = 1; j <= t.length; j++) rows[0]![j] = j
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = best
    }
  }
  return rows[s.length]![t.length]!
}

/**
 * The name closest to `input`, when it is close enough to be a misspelling of it (at most one edit per
 * three characters, at least one); otherwise undefined. Ties go to the earlier name.
 */
export function closestName(input: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined
  for (const name of names) {
    const distance = editDistance(input, name)
    if (distance > Math.max(1, Math.floor(Math.max(input.length, name.length) / 3))) continue
    if (!best || distance < best.distance) best = { name, distance }
  }
  return best?.name
}

/** `; did you mean "x"?` when a name is close to `input`, else `''`: to end a one-line error. */
export function didYouMean(input: string, names: readonly string[]): string {
  const name = closestName(input, names)
  return name === undefined ? '' : `; did you mean "${name}"?`
}
