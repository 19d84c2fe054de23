/**
 * Variants that add minutes to `pnpm test` (yarn and bun installs: about two minutes each here) run only
 * with DBSAFE_CONSUMER_SLOW=1; otherwise this is why they are skipped, for the test title and the log.
 */
export function slowVariantSkipReason(): string | undefined {
  return process.env.DBSAFE_CONSUMER_SLOW === '1'
    ? undefined
    : 'a slow variant (about two minutes each here); set DBSAFE_CONSUMER_SLOW=1 to run it'
}
