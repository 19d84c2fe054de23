// kill -9 of a run at each phase, each followed by a clean run whose leftovers are counted.
import { randomBytes } from 'node:crypto'
import {
  cleanRunAndCount,
  type FaultContext,
  finish,
  passwordsPrinted,
  runEnv,
  startRun,
} from './fault-context.ts'
import { cleanupProcesses, KILL_PHASES, type KillPhase, pollUntil, waitForServerPhase } from './run-phases.ts'
import { countCensus, countRun, emptyResult, type ScenarioResult } from './scenario-result.ts'
import type { VitestRun } from './vitest-run.ts'

/**
 * The phases to kill in: every phase twice (10 kills) in full; in CI the two that leave what only the reaper's
 * rules for unmarked leftovers remove (a half-built template, a clone created but not yet marked).
 */
export function kill9Phases(full: boolean): KillPhase[] {
  return full ? [...KILL_PHASES, ...KILL_PHASES] : ['template build', 'clone']
}

/** How long the suite waits for a phase to show before it counts the kill as missed. */
const PHASE_TIMEOUT_MS = 90_000

/** Kills a run in `phase`; true when the kill landed in it. */
async function killIn(context: FaultContext, phase: KillPhase, run: VitestRun): Promise<boolean> {
  const { adminUrl, port } = context.server
  if (phase === 'template build' || phase === 'clone' || phase === 'mid-run') {
    const landed = await waitForServerPhase(adminUrl, phase, context.databasePrefix, PHASE_TIMEOUT_MS)
    run.kill9()
    return landed
  }
  if (phase === 'close') {
    // Vitest prints its summary, then closes the pool: dbsafe seals spares, hands drops to the cleanup process.
    const landed = await run.waitForOutput(/Duration/, PHASE_TIMEOUT_MS).then(
      () => true,
      () => false,
    )
    run.kill9()
    return landed
  }
  // The detached cleanup: started by the close, it outlives Vitest; killed as soon as it shows.
  const killed = await pollUntil(
    async () => {
      const pids = await cleanupProcesses(port)
      if (pids.length === 0) return undefined
      for (const pid of pids) process.kill(pid, 'SIGKILL')
      return true
    },
    PHASE_TIMEOUT_MS,
    5,
  )
  await finish(run, context.hangAfterMs)
  return killed === true
}

/**
 * A run killed with SIGKILL in each of `phases`, each followed by a clean run whose leftovers are counted (with
 * `cleanRunAfterEach: false`, one clean run after the last kill: each killed run's reaper removes what the kill before
 * it left). A template-build kill uses a fingerprint of its own, so that run builds a template the clean run never
 * uses: only the reaper can remove it.
 */
export async function killScenario(
  context: FaultContext,
  phases: readonly KillPhase[],
  options: { cleanRunAfterEach: boolean } = { cleanRunAfterEach: true },
): Promise<ScenarioResult> {
  const result = emptyResult(`kill -9 × ${phases.length} (${[...new Set(phases)].join(', ')})`)
  const outputs: string[] = []
  const missed: string[] = []
  let orphans = 0
  const reaped: string[] = []
  for (const [index, phase] of phases.entries()) {
    const extra: Record<string, string> =
      phase === 'template build' ? { FAULT_FINGERPRINT: randomBytes(4).toString('hex') } : {}
    const run = startRun(runEnv(context, extra))
    if (await killIn(context, phase, run)) result.kills++
    else missed.push(phase)
    await run.exited
    outputs.push(run.output())
    result.runs++
    if (!options.cleanRunAfterEach && index < phases.length - 1) continue
    const after = await cleanRunAndCount(context)
    outputs.push(after.output)
    reaped.push(...after.leftBefore.filter((name) => !after.leakedDatabases.includes(name)))
    orphans += after.orphans
    countRun(result, after)
    countCensus(result, after, `after ${phase}`)
  }
  result.passwordsPrinted = passwordsPrinted(context, outputs)
  if (missed.length > 0) result.notes.push(`missed: ${missed.join(', ')}`)
  result.notes.push(
    `the kills left ${reaped.length} database(s) that the next run's reaper removed${reaped.length ? `: ${reaped.join(', ')}` : ''}`,
  )
  if (orphans > 0)
    result.notes.push(`${orphans} worker process(es) still ran 10 s after their run was killed`)
  return result
}
