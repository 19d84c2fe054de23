// A server that stops answering (SIGSTOP: what a network partition looks like) mid-run or while the run closes.
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  cleanRunAndCount,
  type FaultContext,
  faultThenCleanResult,
  finish,
  runEnv,
  startRun,
} from './fault-context.ts'
import { waitForServerPhase } from './run-phases.ts'
import type { ScenarioResult } from './scenario-result.ts'

/** The bounds a frozen-server run is given (milliseconds), and the Vitest timeouts of the fault project. */
export interface FreezeBounds {
  adminQueryTimeoutMs: number
  closeTimeoutMs: number
  outageToleranceMs: number
}

/** The fault project's `testTimeout` plus `hookTimeout` (fixtures/fault-project/vitest.config.mjs). */
const TEST_TIMEOUTS_MS = 10_000

/**
 * The stated bound from a freeze to the run's exit. Mid-run: a file in flight fails within its test timeouts; files
 * that need a database wait for the server from the first admin query that timed out (adminQueryTimeoutMs) for
 * outageToleranceMs, then fail; a worker's last release is cut off at closeTimeoutMs, so is the provisioner's close;
 * 30 s of margin for Vitest's own teardown on a loaded machine. At the close: the two close deadlines and the margin.
 */
export function freezeBoundSeconds(when: 'mid-run' | 'close', bounds: FreezeBounds): number {
  const closing = 2 * bounds.closeTimeoutMs
  const waiting = Math.max(TEST_TIMEOUTS_MS, bounds.adminQueryTimeoutMs + bounds.outageToleranceMs)
  return ((when === 'close' ? closing : waiting + bounds.adminQueryTimeoutMs + closing) + 30_000) / 1000
}

/**
 * Freezes the server mid-run (a file at work on its database) or at the close (Vitest printed its summary), keeps
 * it frozen until the run exits (or is taken for hung), then thaws it and does a clean run. Measures the seconds
 * from the freeze to the exit; the run must exit non-zero with a dbsafe error that says what happened.
 */
export async function freezeScenario(
  context: FaultContext,
  when: 'mid-run' | 'close',
  bounds: FreezeBounds,
): Promise<ScenarioResult> {
  // At the close, the run holds its close until the server is frozen (a close faster than the freeze met no fault).
  const holdClose = join(tmpdir(), `dbsafe-fault-hold-${context.databasePrefix}-${Date.now()}`)
  const run = startRun(
    runEnv(context, {
      FAULT_ADMIN_QUERY_TIMEOUT_MS: String(bounds.adminQueryTimeoutMs),
      FAULT_CLOSE_TIMEOUT_MS: String(bounds.closeTimeoutMs),
      FAULT_OUTAGE_TOLERANCE_MS: String(bounds.outageToleranceMs),
      ...(when === 'close' ? { FAULT_HOLD_CLOSE: holdClose } : {}),
    }),
  )
  const reached =
    when === 'mid-run'
      ? await waitForServerPhase(context.server.adminUrl, 'mid-run', context.databasePrefix, 90_000)
      : await run.waitForOutput(/FAULT: run ended, close held/, 90_000).then(
          () => true,
          () => false,
        )
  const frozenAt = Date.now()
  await context.server.freeze()
  if (when === 'close') writeFileSync(holdClose, '')
  const frozen = await finish(run, context.hangAfterMs).finally(() => {
    rmSync(holdClose, { force: true })
    return context.server.thaw()
  })
  const { exit } = frozen
  const after = await cleanRunAndCount(context)
  const clearError = /DBSAFE_(SERVER_UNREACHABLE|CIRCUIT_OPEN|CLOSE_TIMEOUT)/.test(frozen.output)
  const notes = [
    `exit code ${exit.code ?? exit.signal}${exit.code !== 0 && clearError ? ' with a dbsafe error' : ''}`,
  ]
  if (!reached) notes.push(`the ${when} phase was not seen`)
  if (!clearError) notes.push('no DBSAFE_ error in the output')
  const name = `frozen server ${when === 'mid-run' ? 'mid-run' : 'at the close'}`
  return {
    ...faultThenCleanResult(context, name, frozen, after),
    secondsToExit: (exit.at - frozenAt) / 1000,
    boundSeconds: freezeBoundSeconds(when, bounds),
    notes,
  }
}
