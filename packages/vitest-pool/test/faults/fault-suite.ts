// The fault suite: real `vitest run`s of the fault project against a server of its own, under kill -9, a frozen
// server, outages and concurrent runs. `pnpm bench faults` runs it in full; the `faults` test project runs the CI
// subset (test/faults/faults.test.ts).
import { rm } from 'node:fs/promises'
import { concurrencyScenario } from './concurrency-scenario.ts'
import { embeddedKillScenario } from './embedded-kill-scenario.ts'
import { cleanRunAndCount, type FaultContext } from './fault-context.ts'
import { generateFaultFiles } from './fault-fixture.ts'
import { startFaultServer, traversableTempDir } from './fault-server.ts'
import { type FreezeBounds, freezeScenario } from './freeze-scenarios.ts'
import { kill9Phases, killScenario } from './kill-scenarios.ts'
import { createUserDatabases, userDatabaseNames } from './leak-census.ts'
import { outageScenario } from './outage-scenarios.ts'
import { killAll, processesOfRuns } from './run-processes.ts'
import type { ScenarioResult } from './scenario-result.ts'

/** What to run. */
export interface FaultSuiteOptions {
  /** The whole suite (`pnpm bench faults`); otherwise the CI subset. */
  full: boolean
  /** Progress lines. Default: none. */
  log?: (line: string) => void
}

/** dbsafe's defaults: what the full suite measures a frozen server with. */
const DEFAULT_BOUNDS: FreezeBounds = {
  adminQueryTimeoutMs: 15_000,
  closeTimeoutMs: 10_000,
  outageToleranceMs: 60_000,
}
/** Short bounds, so the CI subset fits its time: the same code paths, smaller numbers. */
const CI_BOUNDS: FreezeBounds = {
  adminQueryTimeoutMs: 3_000,
  closeTimeoutMs: 4_000,
  outageToleranceMs: 4_000,
}

/** Runs the suite and returns one result per scenario. */
export async function runFaultSuite(options: FaultSuiteOptions): Promise<ScenarioResult[]> {
  const log = options.log ?? (() => {})
  const databasePrefix = 'fault'
  const root = await traversableTempDir('dbsafe-faults-')
  const server = await startFaultServer(root, 'server')
  const results: ScenarioResult[] = []
  try {
    generateFaultFiles(options.full ? 24 : 8)
    const userDatabases = await createUserDatabases(server.adminUrl, userDatabaseNames(databasePrefix))
    const context: FaultContext = {
      server,
      databasePrefix,
      userDatabases,
      root,
      hangAfterMs: options.full ? 300_000 : 120_000,
    }
    const step = async (name: string, scenario: () => Promise<ScenarioResult>) => {
      log(`faults: ${name}`)
      const started = Date.now()
      const result = await scenario()
      log(`faults: ${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`)
      results.push(result)
    }
    if (options.full) {
      // In CI the first killed run builds the template instead (its kill comes after the build).
      log('faults: a first run builds the template')
      await cleanRunAndCount(context)
    }
    const bounds = options.full ? DEFAULT_BOUNDS : CI_BOUNDS
    await step('kill -9 at each phase', () =>
      killScenario(context, kill9Phases(options.full), { cleanRunAfterEach: options.full }),
    )
    await step('frozen server at the close', () => freezeScenario(context, 'close', bounds))
    await step('6 s outage', () => outageScenario(context, 6_000, options.full ? 60_000 : 30_000))
    if (options.full) {
      await step('kill -9 on the embedded server', () => embeddedKillScenario(context, 2))
      await step('frozen server mid-run', () => freezeScenario(context, 'mid-run', bounds))
      await step('60 s outage', () => outageScenario(context, 60_000, 90_000))
      await step('concurrent runs', () => concurrencyScenario(context, 3))
    }
    return results
  } finally {
    killAll(await processesOfRuns(databasePrefix))
    await server.close().catch(() => {})
    await rm(root, { recursive: true, force: true }).catch(() => {})
  }
}
