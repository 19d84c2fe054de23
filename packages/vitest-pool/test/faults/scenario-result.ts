// One row of the fault table, and how a scenario fills it in: the runs it waited for, and what the leak census found.
import type { RunExit } from './vitest-run.ts'

/** One row of the fault table. */
export interface ScenarioResult {
  name: string
  runs: number
  /** Kills that landed in the phase they aimed at. */
  kills: number
  leakedDatabases: string[]
  leakedRoles: string[]
  userDatabasesTouched: number
  /** Embedded postmasters still running 15 s after the run that started them was killed. */
  serversLeft?: number
  /** Seconds from the fault (a freeze) to the run's exit, when the scenario measures it. */
  secondsToExit?: number
  /** The bound those seconds must stay within. */
  boundSeconds?: number
  hangs: number
  /** Runs whose output held the server's password. */
  passwordsPrinted: number
  exitCodes: (number | null)[]
  notes: string[]
}

/** A run waited for to its end (or taken for hung and killed). */
export interface FinishedRun {
  exit: RunExit
  hung: boolean
  output: string
}

/** What is left on the server once every cleanup has finished. */
export interface Census {
  leakedDatabases: string[]
  leakedRoles: string[]
  userDatabasesTouched: number
}

/** A result before its first run: every count at zero. */
export function emptyResult(name: string): ScenarioResult {
  return {
    name,
    runs: 0,
    kills: 0,
    leakedDatabases: [],
    leakedRoles: [],
    userDatabasesTouched: 0,
    hangs: 0,
    passwordsPrinted: 0,
    exitCodes: [],
    notes: [],
  }
}

/** Counts a finished run: one more run, its exit code, and a hang if it hung. */
export function countRun(result: ScenarioResult, run: FinishedRun): void {
  result.runs++
  result.hangs += run.hung ? 1 : 0
  result.exitCodes.push(run.exit.code)
}

/** Adds a census to a result (leaked names followed by `label` when given; touched databases: the most seen). */
export function countCensus(result: ScenarioResult, census: Census, label?: string): void {
  const named = (name: string) => (label === undefined ? name : `${name} (${label})`)
  result.leakedDatabases.push(...census.leakedDatabases.map(named))
  result.leakedRoles.push(...census.leakedRoles.map(named))
  result.userDatabasesTouched = Math.max(result.userDatabasesTouched, census.userDatabasesTouched)
}
