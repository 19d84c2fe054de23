// Where a run is, seen from the server (and from /proc for the detached cleanup): the moments the suite kills at.
import { readdir, readFile } from 'node:fs/promises'
import pg from 'pg'

/** The phases of a run that the suite kills in. */
export const KILL_PHASES = ['template build', 'clone', 'mid-run', 'close', 'detached cleanup'] as const
export type KillPhase = (typeof KILL_PHASES)[number]

/** Polls `check` every `everyMs` until it returns a value; undefined once `timeoutMs` has passed. */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 10,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) return undefined
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/** The SQL that tells a phase is under way on the server: an active session doing it. */
const ACTIVE_SESSION: Record<'template build' | 'clone' | 'mid-run', string> = {
  // The template's slow migration step (fixtures/fault-project/migrations/002_slow_step.sql).
  'template build': "application_name = 'dbsafe-migration' AND query LIKE '%pg_sleep%'",
  // dbsafe cloning the template for the run (the template itself is created without a TEMPLATE clause).
  clone: "application_name = 'dbsafe-admin' AND query LIKE 'CREATE DATABASE % TEMPLATE %'",
  // A test file at work on its own database (its pg_sleep).
  'mid-run':
    "application_name NOT LIKE 'dbsafe-%' AND query LIKE 'SELECT pg_sleep%' AND datname LIKE $1 || '\\_%'",
}

/** Waits (polling every 10 ms) until the server shows `phase` under way; false when it did not within `timeoutMs`. */
export async function waitForServerPhase(
  adminUrl: string,
  phase: keyof typeof ACTIVE_SESSION,
  databasePrefix: string,
  timeoutMs: number,
): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'fault-suite' })
  await client.connect()
  try {
    const sql = `SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND ${ACTIVE_SESSION[phase]}`
    const found = await pollUntil(async () => {
      const { rowCount } = await client.query(sql, phase === 'mid-run' ? [databasePrefix] : [])
      return rowCount ? true : undefined
    }, timeoutMs)
    return found === true
  } finally {
    await client.end()
  }
}

/**
 * The pids of dbsafe's detached cleanup processes working on the server at `port` (their command line names
 * cleanup-process.js, their environment carries the admin URL): only those of this suite's own server.
 */
export async function cleanupProcesses(port: number): Promise<number[]> {
  const pids: number[] = []
  for (const entry of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')
    if (!cmdline.includes('cleanup-process.js')) continue
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '')
    if (environ.includes(`@127.0.0.1:${port}/`)) pids.push(Number(entry))
  }
  return pids
}

/** Waits until no cleanup process of this server is left (they end on their own once their drops are done). */
export async function cleanupsFinished(port: number, timeoutMs: number): Promise<boolean> {
  return (
    (await pollUntil(
      async () => ((await cleanupProcesses(port)).length === 0 ? true : undefined),
      timeoutMs,
      50,
    )) === true
  )
}
