// The server goes away mid-run (a fast shutdown) and comes back after a while: files waiting for a database
// must wait for it, not fail.
import pg from 'pg'
import {
  cleanRunAndCount,
  type FaultContext,
  faultThenCleanResult,
  fileCounts,
  finish,
  runEnv,
  startRun,
} from './fault-context.ts'
import { waitForServerPhase } from './run-phases.ts'
import type { ScenarioResult } from './scenario-result.ts'

/** Test files at work on their databases right now: those the outage will fail. */
async function filesInFlight(adminUrl: string, databasePrefix: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'fault-suite' })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(DISTINCT datname)::int AS n FROM pg_stat_activity
        WHERE application_name NOT LIKE 'dbsafe-%' AND datname LIKE $1 || '\\_%' AND datname NOT LIKE $1 || '\\_tpl\\_%'`,
      [databasePrefix],
    )
    return rows[0]?.n ?? 0
  } finally {
    await client.end()
  }
}

/**
 * A run of `files` files; once files are at work, the server is stopped for `outageMs` (the length of the outage is
 * what is being tested, so it is a wait by design) and started again. Files in flight fail with their queries;
 * every other file must wait and pass. The log must say how long the server was away.
 */
export async function outageScenario(
  context: FaultContext,
  outageMs: number,
  outageToleranceMs: number,
): Promise<ScenarioResult> {
  const run = startRun(runEnv(context, { FAULT_OUTAGE_TOLERANCE_MS: String(outageToleranceMs) }))
  const notes: string[] = []
  if (!(await waitForServerPhase(context.server.adminUrl, 'mid-run', context.databasePrefix, 90_000)))
    notes.push('no file was seen at work before the outage')
  const inFlight = await filesInFlight(context.server.adminUrl, context.databasePrefix)
  await context.server.stop()
  await new Promise((resolve) => setTimeout(resolve, outageMs))
  await context.server.start()
  const outage = await finish(run, context.hangAfterMs)
  const { failed, passed } = fileCounts(outage.output)
  const away = /answers again after ([\d.]+) s away/.exec(outage.output)?.[1]
  notes.push(
    `${failed} file(s) failed (${inFlight} in flight at the outage), ${passed} passed`,
    away ? `log: server away ${away} s` : 'the log does not say how long the server was away',
  )
  const after = await cleanRunAndCount(context)
  const name = `outage of ${outageMs / 1000} s (tolerance ${outageToleranceMs / 1000} s)`
  return { ...faultThenCleanResult(context, name, outage, after), notes }
}

/** Whether an outage result shows that only the files in flight failed and the wait was logged. */
export function rodeOutOutage(result: ScenarioResult): boolean {
  const counts = /(\d+) file\(s\) failed \((\d+) in flight/.exec(result.notes.join(' '))
  return (
    counts !== null &&
    Number(counts[1]) <= Number(counts[2]) &&
    result.notes.some((note) => note.startsWith('log: server away'))
  )
}
