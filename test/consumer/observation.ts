import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * What one fixture test file saw, as fixtures/levels-app/tests/support/observe.ts writes it
 * ($LEVELS_APP_RESULTS/<file>.json). Keep the two in sync.
 */
export interface Observation {
  /** Path relative to the project root, e.g. `tests/read-only-catalog.test.ts`. */
  file: string
  /** The level the file declares. */
  level: string
  pid: number
  startedAt: number
  /** Unset when the file stopped before its tests (e.g. on the developer's server). */
  endedAt?: number
  databaseUrl: { host: string; port: string; database: string } | null
  pgVariables: string[]
  pgHost?: string
  poolMeta: { level?: string; isolation?: string; database?: string } | null
  session?: { database: string; user: string; superuser: boolean; port: number }
  sessionError?: string
  defaultClient?: { connected: boolean; database?: string; port?: number; error?: string }
  developerServerReached?: boolean
  tests: Record<string, { state: string; error?: string }>
}

/** Every observation a run wrote, by file. */
export function readObservations(folder: string): Map<string, Observation> {
  const observations = new Map<string, Observation>()
  for (const entry of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
    const observation = JSON.parse(readFileSync(join(folder, entry), 'utf8')) as Observation
    observations.set(observation.file, observation)
  }
  return observations
}
