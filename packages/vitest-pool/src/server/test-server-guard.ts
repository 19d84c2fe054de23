import type { ServerFacts } from './server-facts'

/** Hosts of managed cloud databases: a URL pointing there is almost never a throwaway test server. */
const MANAGED_HOST =
  /\.(rds\.amazonaws\.com|postgres\.database\.azure\.com|supabase\.co|supabase\.com|neon\.tech|aivencloud\.com|render\.com|railway\.app|cockroachlabs\.cloud|timescale\.com|crunchydata\.com|heroku(app)?\.com|digitalocean\.com|elephantsql\.com)$/i

/** A database name that says "production" as a word: `prod`, `app_production`, `live-db`. */
const PRODUCTION_NAME = /(^|[^a-z])(prod|production|live)([^a-z]|$)/i

/** Above this size, a database is treated as real data (test and dev databases are far smaller). */
export const LARGE_DATABASE_BYTES = 5 * 1024 ** 3

/**
 * Why a server looks like one that holds real data, or an empty list when it looks like a test server.
 * Signals: a standby, a managed-cloud host, a database named like production, a database above 5 GiB.
 * Pure: `facts` come from {@link readServerFacts}.
 */
export function nonTestServerReasons(url: string, facts: ServerFacts): string[] {
  const reasons: string[] = []
  if (facts.inRecovery) reasons.push('it is a standby (pg_is_in_recovery() is true)')
  const host = new URL(url).hostname
  if (MANAGED_HOST.test(host)) reasons.push(`its host ${host} is a managed cloud database service`)
  for (const database of facts.databases) {
    if (PRODUCTION_NAME.test(database.name)) {
      reasons.push(`it has a database named like production: ${database.name}`)
    } else if (database.sizeBytes > LARGE_DATABASE_BYTES) {
      const gib = (database.sizeBytes / 1024 ** 3).toFixed(1)
      reasons.push(`its database ${database.name} holds ${gib} GiB (more than test data usually does)`)
    }
  }
  return reasons
}
