import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ConsumerProject } from './consumer-project'
import { failedTests, isolationProblems, missingFiles } from './isolation-checks'
import { installLevelsApp, LEVELS_APP_FILES, LEVELS_APP_LEVELS, runLevelsApp } from './levels-app'
import { REUSE_ON } from './levels-app-suite'
import { npm, type PackageManager, pnpmLatest } from './package-managers'
import { type RepeatRun, repeatTable } from './repeat-table'
import { recordedLevels } from './reporter-history'
import { tail } from './run-command'
import { summaryTable } from './summary-table'

/** `pnpm bench consumer [runs]` sets this (10 by default); `pnpm test` skips the repeats. */
const REPEATS = Number(process.env.DBSAFE_CONSUMER_REPEATS ?? 0)
const RUN_TIMEOUT_MS = 6 * 60_000
const MANAGERS: [string, () => Promise<PackageManager>][] = [
  ['npm', npm],
  ['the latest pnpm', pnpmLatest],
]

/** What the reporter recorded, or nothing when the run left no history (it crashed before the end). */
function recordedLevelsOrNone(projectDir: string): Record<string, string> {
  try {
    return recordedLevels(projectDir)
  } catch {
    return {}
  }
}

const table = new Map<string, RepeatRun[]>()
if (!REPEATS) console.log('consumer: repeat runs skipped; `pnpm bench consumer` runs them')

afterAll(() => {
  if (REPEATS) console.log(`consumer: ${REPEATS} runs per install, worker reuse on\n${repeatTable(table)}`)
})

// "Done when": every file passes in 10 of 10 runs with worker reuse on, installed with npm and with pnpm.
// One install each, then the runs one after the other with the reporter's history kept, as a user's are.
describe.skipIf(!REPEATS).each(MANAGERS)(
  'levels-app installed with %s, run again and again',
  (_, manager) => {
    let project: ConsumerProject
    let runs: RepeatRun[]

    beforeAll(async () => {
      const installed = await installLevelsApp(await manager())
      project = installed.project
      runs = []
      table.set(project.packageManager.label, runs)
      expect(installed.install.exitCode, tail(installed.install)).toBe(0)
    })

    afterAll(() => project?.remove())

    test.for(Array.from({ length: REPEATS }, (_, index) => index + 1))(
      'run %i: every file passes, on its own database, at its level',
      { timeout: RUN_TIMEOUT_MS },
      async (index) => {
        const run = await runLevelsApp(project, REUSE_ON.config, { keepHistory: index > 1 })
        const failed = { ...failedTests(run.seen), ...missingFiles(LEVELS_APP_FILES, run.seen) }
        const isolation = isolationProblems(run.seen)
        const levels = recordedLevelsOrNone(project.dir)
        const clean =
          run.result.exitCode === 0 &&
          Object.keys(failed).length === 0 &&
          Object.keys(isolation).length === 0 &&
          LEVELS_APP_FILES.every((file) => levels[file] === LEVELS_APP_LEVELS[file])
        runs.push({ clean, failedFiles: Object.keys(failed).length, ms: run.result.ms })
        console.log(
          `consumer: ${project.packageManager.label} run ${index}: ${run.result.ms} ms, exit ${run.result.exitCode}${clean ? '' : `\n${summaryTable(run.seen)}`}`,
        )
        expect(
          { exitCode: run.result.exitCode, failed, isolation, levels },
          `${summaryTable(run.seen)}\n\n${tail(run.result)}`,
        ).toEqual({ exitCode: 0, failed: {}, isolation: {}, levels: LEVELS_APP_LEVELS })
      },
    )
  },
)
