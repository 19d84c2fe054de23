// Two runs of the same project at the same time on one server (the same prefix: one template, shared spares).

import {
  census,
  type FaultContext,
  fileCounts,
  finish,
  passwordsPrinted,
  runEnv,
  startRun,
} from './fault-context.ts'
import { countCensus, countRun, emptyResult, type ScenarioResult } from './scenario-result.ts'

/** `pairs` times: two runs started together; both must pass, and nothing may be left once both have ended. */
export async function concurrencyScenario(context: FaultContext, pairs: number): Promise<ScenarioResult> {
  const result = emptyResult(`${pairs} pair(s) of concurrent runs`)
  const outputs: string[] = []
  let failedFiles = 0
  for (let pair = 0; pair < pairs; pair++) {
    const runs = [startRun(runEnv(context)), startRun(runEnv(context))]
    for (const run of runs) {
      const finished = await finish(run, context.hangAfterMs)
      outputs.push(finished.output)
      failedFiles += fileCounts(finished.output).failed
      countRun(result, finished)
    }
    countCensus(result, await census(context))
  }
  result.passwordsPrinted = passwordsPrinted(context, outputs)
  result.notes.push(`${failedFiles} failed file(s) in ${result.runs} runs`)
  return result
}
