// What every fault scenario shares: the server, the prefix, the user's databases, and how a run is waited for and
// followed by a clean run whose leftovers are counted.
import type { FaultServer } from './fault-server.ts'
import { leakedDatabases, leakedRoles, userDatabasesTouched } from './leak-census.ts'
import { cleanupsFinished, pollUntil } from './run-phases.ts'
import { killAll, processesOfRuns } from './run-processes.ts'
import {
  type Census,
  countCensus,
  countRun,
  emptyResult,
  type FinishedRun,
  type ScenarioResult,
} from './scenario-result.ts'
import { startVitestRun, type VitestRun } from './vitest-run.ts'

export { startVitestRun as startRun }

/** The suite's state, shared by its scenarios. */
export interface FaultContext {
  readonly server: FaultServer
  readonly databasePrefix: string
  /** Checksums of the user's databases, taken before the first run. */
  readonly userDatabases: ReadonlyMap<string, string>
  /** A folder of the suite's own (mode 755), for embedded cache folders. */
  readonly root: string
  /** A run that has not exited this long after its start (or after a fault) counts as a hang and is killed. */
  readonly hangAfterMs: number
}

/** The variables of a run against the suite's server. */
export function runEnv(context: FaultContext, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DBSAFE_URL: context.server.adminUrl,
    FAULT_PREFIX: context.databasePrefix,
    FAULT_WORK_MS: '300',
    ...extra,
  }
}

/** Waits for a run to exit; past `limitMs` it is a hang: it is killed and `hung` is true. */
export async function finish(run: VitestRun, limitMs: number): Promise<FinishedRun> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), limitMs)
  })
  const outcome = await Promise.race([run.exited, limit])
  clearTimeout(timer)
  if (outcome !== 'hung') return { exit: outcome, hung: false, output: run.output() }
  run.kill9()
  return { exit: await run.exited, hung: true, output: run.output() }
}

/** What the runs left on the suite's server once every detached cleanup has finished. */
export async function census(context: FaultContext): Promise<Census> {
  const { adminUrl } = context.server
  await cleanupsFinished(context.server.port, 60_000)
  return {
    leakedDatabases: await leakedDatabases(adminUrl, context.databasePrefix, [
      ...context.userDatabases.keys(),
    ]),
    leakedRoles: await leakedRoles(adminUrl, context.databasePrefix),
    userDatabasesTouched: await userDatabasesTouched(adminUrl, context.userDatabases),
  }
}

/**
 * After a fault: kills what the faulty run left running (its workers), then one normal run (its reaper removes what
 * dead runs left), waits for every detached cleanup, and counts what is left and what was touched.
 */
export async function cleanRunAndCount(context: FaultContext): Promise<
  FinishedRun &
    Census & {
      orphans: number
      /** What dead runs had left before this run (its reaper must remove all of it). */
      leftBefore: string[]
    }
> {
  // Workers of a killed run see their parent gone and exit; those still there after 10 s are orphans.
  await pollUntil(
    async () => ((await processesOfRuns(context.databasePrefix)).length === 0 ? true : undefined),
    10_000,
    100,
  )
  const orphans = await processesOfRuns(context.databasePrefix)
  killAll(orphans)
  await cleanupsFinished(context.server.port, 60_000)
  const leftBefore = await leakedDatabases(context.server.adminUrl, context.databasePrefix, [
    ...context.userDatabases.keys(),
  ])
  const run = await finish(startVitestRun(runEnv(context)), context.hangAfterMs)
  return { ...run, orphans: orphans.length, leftBefore, ...(await census(context)) }
}

/** A scenario of one faulty run followed by a clean run: two runs, and what the clean run's census found. */
export function faultThenCleanResult(
  context: FaultContext,
  name: string,
  faulty: FinishedRun,
  after: FinishedRun & Census,
): ScenarioResult {
  const result = emptyResult(name)
  countRun(result, faulty)
  countRun(result, after)
  countCensus(result, after)
  result.passwordsPrinted = passwordsPrinted(context, [faulty.output, after.output])
  return result
}

/** How many of `outputs` show the server's password (its random part, raw or URL-encoded alike). */
export function passwordsPrinted(context: FaultContext, outputs: readonly string[]): number {
  return outputs.filter((output) => output.includes(context.server.secret)).length
}

/** Failed and passed test files, from Vitest's summary line. */
export function fileCounts(output: string): { failed: number; passed: number } {
  const line = /Test Files\s+(.*)/.exec(output)?.[1] ?? ''
  return {
    failed: Number(/(\d+) failed/.exec(line)?.[1] ?? 0),
    passed: Number(/(\d+) passed/.exec(line)?.[1] ?? 0),
  }
}
