import type { ServerFacts } from './server-facts'

/**
 * Hosts of managed cloud databases: a URL pointing there is almost never a throwaway test server. Matched on
 * the host name's end (`db1.abc.eu-west-1.rds.amazonaws.com`), or anywhere for Cloud SQL's socket folders.
 */
const MANAGED_HOST =
  /\.(rds\.amazonaws\.com|postgres\.database\.azure\.com|postgres\.cosmos\.azure\.com|supabase\.co|supabase\.com|neon\.tech|aivencloud\.com|render\.com|railway\.app|rlwy\.net|cockroachlabs\.cloud|timescale\.com|tsdb\.cloud\.timescale\.com|crunchydata\.com|heroku(app)?\.com|amazonaws\.com|digitalocean\.com|ondigitalocean\.com|elephantsql\.com|alloydb\.goog|cloudsql\.goog|yugabyte\.cloud|tembo\.io|xata\.sh|prisma\.io|prisma-data\.net|nile\.dev|thenile\.dev|fly\.io|flycast|upcloud\.com|scalingo\.com|clever-cloud\.com|ovh\.net|scw\.cloud)$/i

/** Words that say "production" (or "live data") in a host or database name, once the name is split into words. */
const PRODUCTION_WORDS = new Set(['prod', 'production', 'prd', 'live'])

/** Above this size, a database is treated as real data (test and dev databases are far smaller). */
export const LARGE_DATABASE_BYTES = 1024 ** 3

/**
 * The words of a name: split at anything but letters and digits, and at camel-case humps — `ShopProdDB` →
 * `shop prod db`, `prod-db.internal` → `prod db internal`, `app_production` → `app production`.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

function productionWord(name: string): string | undefined {
  return nameWords(name).find((word) => PRODUCTION_WORDS.has(word))
}

/** The hosts a URL connects to: its host name and any `host=` parameter (a socket folder, a list). */
function hostsOf(url: URL): string[] {
  const hosts = [url.hostname, ...(url.searchParams.get('host')?.split(',') ?? [])]
  return hosts.map((host) => host.replace(/^\[(.*)\]$/, '$1')).filter(Boolean)
}

/**
 * Why a server looks like one that holds real data, or an empty list when it looks like a test server.
 * Signals, each a rule of docs/pool-database.md: a standby; a managed-cloud host (or a Cloud SQL socket); a host
 * or database named like production (`prod`, `production`, `prd` or `live` as a word, camel case included);
 * a database above 1 GiB. Pure: `facts` come from
 * {@link readServerFacts}.
 */
export function nonTestServerReasons(url: string, facts: ServerFacts): string[] {
  const reasons: string[] = []
  if (facts.inRecovery) reasons.push('it is a standby (pg_is_in_recovery() is true)')
  for (const host of hostsOf(new URL(url))) {
    if (MANAGED_HOST.test(host) || /(^|\/)cloudsql\//.test(host)) {
      reasons.push(`its host ${host} is a managed cloud database service`)
    } else if (productionWord(host)) {
      reasons.push(`its host ${host} is named like production ("${productionWord(host)}")`)
    }
  }
  for (const database of facts.databases) {
    const word = productionWord(database.name)
    if (word) {
      reasons.push(`it has a database named like production: ${database.name} ("${word}")`)
    } else if (database.sizeBytes > LARGE_DATABASE_BYTES) {
      const gib = (database.sizeBytes / 1024 ** 3).toFixed(1)
      reasons.push(`its database ${database.name} holds ${gib} GiB (more than test data usually does)`)
    }
  }
  return reasons
}
