// Two runs of the same project at the same time on one server (the same prefix: one template, shared spares).

import {
  type FaultContext,
  fileCounts,
  finish,
  passwordsPrinted,
  runEnv,
  type ScenarioResult,
  startRun,
} from './fault-context.ts'
import { leakedDatabases, leakedRoles, userDatabasesTouched } from './leak-census.ts'
import { cleanupsFinished } from './run-phases.ts'

/** `pairs` times: two runs started together; both must pass, and nothing may be left once both have ended. */
export async function concurrencyScenario(context: FaultContext, pairs: number): Promise<ScenarioResult> {
  const result: ScenarioResult = {
    name: `${pairs} pair(s) of concurrent runs`,
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
  const outputs: string[] = []
  let failedFiles = 0
  for (let pair = 0; pair < pairs; pair++) {
    const runs = [startRun(runEnv(context)), startRun(runEnv(context))]
    for (const run of runs) {
      const { exit, hung } = await finish(run, context.hangAfterMs)
      outputs.push(run.output())
      failedFiles += fileCounts(run.output()).failed
      result.runs++
      result.hangs += hung ? 1 : 0
      result.exitCodes.push(exit.code)
    }
    await cleanupsFinished(context.server.port, 60_000)
    const { adminUrl } = context.server
    const users = [...context.userDatabases.keys()]
    result.leakedDatabases.push(...(await leakedDatabases(adminUrl, context.databasePrefix, users)))
    result.leakedRoles.push(...(await leakedRoles(adminUrl, context.databasePrefix)))
    result.userDatabasesTouched = Math.max(
      result.userDatabasesTouched,
      await userDatabasesTouched(adminUrl, context.userDatabases),
    )
  }
  result.passwordsPrinted = passwordsPrinted(context, outputs)
  result.notes.push(`${failedFiles} failed file(s) in ${result.runs} runs`)
  return result
}
