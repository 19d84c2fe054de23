/** Marks a DbsafeReporter instance, across module copies (the config's and one named on the command line). */
export const REPORTER_BRAND: unique symbol = Symbol.for('dbsafe.reporter') as never

/** The package name Vitest loads the reporter by (`--reporter=@dbsafe/vitest-reporter`). */
const PACKAGE = '@dbsafe/vitest-reporter'

/**
 * Whether Vitest's resolved `reporters` include the dbsafe reporter, as an instance or by package name. A
 * `--reporter` flag replaces the config's reporters, so `--reporter=blob --reporter=default` drops it.
 */
export function hasDbsafeReporter(reporters: readonly unknown[]): boolean {
  return reporters.some((entry) => {
    const named = Array.isArray(entry) ? entry[0] : entry
    if (typeof named === 'string') return named === PACKAGE || named.startsWith(`${PACKAGE}/`)
    return typeof named === 'object' && named !== null && REPORTER_BRAND in named
  })
}

/** The warning of a shard run whose results the merge job cannot check: the dbsafe reporter is not running. */
export function missingReporterWarning(index: number, count: number): string {
  return (
    `dbsafe: shard ${index}/${count} runs without the dbsafe reporter, so its part of the plan is not recorded and the merge job cannot check the shards. ` +
    'A --reporter flag replaces the reporters of vitest.config.ts: add --reporter=@dbsafe/vitest-reporter ' +
    `(vitest run --shard=${index}/${count} --reporter=default --reporter=blob --reporter=@dbsafe/vitest-reporter), or drop the flags and put 'blob' in the config's reporters for shard jobs.`
  )
}

/** The warning of a merge run whose blobs carry no shard plan. */
export const NO_SHARD_PLAN_WARNING =
  'dbsafe: the merged reports carry no dbsafe shard plan, so the shard check was skipped: the shard runs had no dbsafe reporter ' +
  "(a --reporter flag replaces the config's reporters; run the shards with --reporter=default --reporter=blob --reporter=@dbsafe/vitest-reporter) " +
  'or no DbsafeSequencer (sequence.sequencer in vitest.config.ts).'
