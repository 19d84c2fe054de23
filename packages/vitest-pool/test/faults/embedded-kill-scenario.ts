// kill -9 of a run on dbsafe's embedded server: its postmaster must not outlive it (nor hold its port).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type FaultContext, finish, passwordsPrinted, startRun } from './fault-context.ts'
import { pollUntil, waitForServerPhase } from './run-phases.ts'
import { killAll, processesOfRuns } from './run-processes.ts'
import { countRun, emptyResult, type ScenarioResult } from './scenario-result.ts'

/**
 * The embedded server of cache slot 0: its postmaster pid, port and admin URL, once it runs. Undefined until then:
 * while initdb runs, `postmaster.pid` holds a negative pid and the default port (another server's).
 */
async function slotServer(
  cacheDir: string,
): Promise<{ pid: number; port: number; url: string; password: string } | undefined> {
  const slot = join(cacheDir, 'slot-0')
  const dataDir = join(slot, 'data')
  const lines = (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')
  const password = (await readFile(join(slot, 'password'), 'utf8')).trim()
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!(pid > 0) || lines[1] !== dataDir || !alive(pid) || !lines[7]?.startsWith('ready')) return undefined
  return {
    pid,
    port,
    password,
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * `kills` times: a run without a URL (dbsafe starts its embedded server, in a cache folder of the suite's own) is
 * killed with SIGKILL mid-run; its postmaster must exit on its own within 15 s. Then a run in the same cache folder
 * must pass.
 */
export async function embeddedKillScenario(context: FaultContext, kills: number): Promise<ScenarioResult> {
  const cacheDir = join(context.root, 'embedded-cache')
  const env = { FAULT_PREFIX: context.databasePrefix, FAULT_CACHE_DIR: cacheDir, FAULT_WORK_MS: '300' }
  const result = emptyResult(`kill -9 × ${kills} on the embedded server (mid-run)`)
  const outputs: string[] = []
  const leftRunning: number[] = []
  const stoppedAfter: number[] = []
  let password = ''
  for (let round = 0; round < kills; round++) {
    const run = startRun(env)
    const server = await pollUntil(() => slotServer(cacheDir), 90_000, 50)
    if (server && (await waitForServerPhase(server.url, 'mid-run', context.databasePrefix, 90_000))) {
      password = server.password
      run.kill9()
      result.kills++
      const killedAt = Date.now()
      const stopped = await pollUntil(async () => (alive(server.pid) ? undefined : true), 15_000, 50)
      if (stopped) stoppedAfter.push((Date.now() - killedAt) / 1000)
      else leftRunning.push(server.pid)
    } else {
      result.notes.push('a run was not seen at work')
      run.kill9()
    }
    await run.exited
    outputs.push(run.output())
    result.runs++
    killAll(await processesOfRuns(context.databasePrefix))
    const clean = await finish(startRun(env), context.hangAfterMs)
    outputs.push(clean.output)
    countRun(result, clean)
  }
  result.passwordsPrinted = outputs.filter((output) => password && output.includes(password)).length
  result.passwordsPrinted += passwordsPrinted(context, outputs)
  result.serversLeft = leftRunning.length
  if (leftRunning.length > 0)
    result.notes.push(`${leftRunning.length} postmaster(s) still ran 15 s after the kill`)
  if (stoppedAfter.length > 0) {
    result.notes.push(
      `the postmaster stopped at most ${Math.max(...stoppedAfter).toFixed(1)} s after the kill`,
    )
  }
  killAll(leftRunning)
  return result
}
