import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ConsumerProject } from './consumer-project'
import {
  developerDatabaseProblems,
  failedTests,
  filesPerWorker,
  levelGuaranteeProblems,
  missingFiles,
  noneFileProblems,
  sequentialServerProblems,
  sharedDatabaseProblems,
  superuserProblems,
} from './isolation-checks'
import {
  installLevelsApp,
  LEVELS_APP_FILES,
  LEVELS_APP_LEVELS,
  LEVELS_APP_PROBES,
  type LevelsAppInstall,
  type LevelsRun,
  runLevelsApp,
} from './levels-app'
import type { PackageManager } from './package-managers'
import { guardFindings, recordedLevels } from './reporter-history'
import { tail } from './run-command'
import { summaryTable } from './summary-table'

/** How a run shares worker processes between the fixture's files. */
type Processes = 'several files each' | 'one per file' | 'one for all'

/** One way to run the fixture: a config of it, the number of workers, and how they share processes. */
export interface LevelsMode {
  mode: string
  config: string
  /** `--maxWorkers`; two unless given. */
  maxWorkers?: number
  processes: Processes
}

export const REUSE_ON: LevelsMode = {
  mode: 'worker reuse on (the default)',
  config: 'vitest.config.ts',
  processes: 'several files each',
}
export const REUSE_OFF: LevelsMode = {
  mode: 'worker reuse off (reuseWorkers: false)',
  config: 'vitest.no-reuse.config.ts',
  processes: 'one per file',
}
/** The user's own `isolate: false`: the plugin keeps it, and files share a worker's modules as well. */
export const ISOLATE_FALSE: LevelsMode = {
  mode: 'isolate: false set by the user',
  config: 'vitest.isolate-false.config.ts',
  processes: 'several files each',
}
export const ISOLATE_TRUE: LevelsMode = {
  mode: 'isolate: true set by the user',
  config: 'vitest.isolate-true.config.ts',
  processes: 'one per file',
}
/** One worker: Vitest sends every file in one run request, which the pool splits into one per file. */
export const ONE_WORKER: LevelsMode = {
  mode: 'maxWorkers: 1 (every file in one request)',
  config: 'vitest.config.ts',
  maxWorkers: 1,
  processes: 'one for all',
}
export const REUSE_MODES = [REUSE_ON, REUSE_OFF]
export const ALL_MODES = [REUSE_ON, REUSE_OFF, ISOLATE_FALSE, ISOLATE_TRUE, ONE_WORKER]

/** Per `processes`: the test's name, and what it finds among the files per worker process, and expects. */
const PROCESS_CHECKS: Record<
  Processes,
  { name: string; find: (workers: string[][]) => unknown; expected: unknown }
> = {
  'several files each': {
    name: 'worker processes each ran several files',
    find: (workers) => workers.some((files) => files.length > 1),
    expected: true,
  },
  'one per file': {
    name: 'every file ran in a worker process of its own',
    find: (workers) => workers.filter((files) => files.length > 1),
    expected: [],
  },
  'one for all': {
    name: 'one worker process ran every file',
    find: (workers) => workers.length,
    expected: 1,
  },
}

/** Variations of the fixture project and its runs. */
export interface LevelsAppOptions extends LevelsAppInstall {
  /** The runs, each checked file by file; worker reuse on and off unless given. */
  modes?: LevelsMode[]
  /** Changes the installed project before its runs (with `expect` for what it must have done). */
  afterInstall?: (project: ConsumerProject) => Promise<void>
  /** Why this variant does not run here: printed, and its tests are reported as skipped. */
  skip?: string
}

/**
 * The levels-app fixture installed once with `packageManager` from the packed tarballs, then run through
 * its own Vitest CLI in each mode (worker reuse on and off unless `options.modes` says otherwise); every
 * test checks what each file saw.
 */
export function describeLevelsApp(
  label: string,
  packageManager: () => Promise<PackageManager>,
  options: LevelsAppOptions = {},
): void {
  const title = `levels-app installed with ${label}`
  if (options.skip) console.log(`consumer: ${title}: skipped, ${options.skip}`)
  const describeOrSkip = options.skip ? describe.skip : describe
  describeOrSkip(options.skip ? `${title} (skipped: ${options.skip})` : title, () => {
    let project: ConsumerProject

    beforeAll(async () => {
      const installed = await installLevelsApp(await packageManager(), options)
      project = installed.project
      expect(installed.install.exitCode, tail(installed.install)).toBe(0)
      await options.afterInstall?.(project)
    })

    afterAll(() => project?.remove())

    describe.each(options.modes ?? REUSE_MODES)('$mode', ({ mode, config, maxWorkers, processes }) => {
      let run: LevelsRun
      const explain = () => summaryTable(run.seen)

      beforeAll(async () => {
        run = await runLevelsApp(project, config, { maxWorkers })
        console.log(
          `consumer: ${project.packageManager.label}, ${mode}: vitest run took ${run.result.ms} ms, exit ${run.result.exitCode}\n${summaryTable(run.seen)}`,
        )
      })

      test('Vitest exits 0, and every file ran and passed its tests', () => {
        const problems = { ...failedTests(run.seen), ...missingFiles(LEVELS_APP_FILES, run.seen) }
        expect({ exitCode: run.result.exitCode, problems }, `${explain()}\n\n${tail(run.result)}`).toEqual({
          exitCode: 0,
          problems: {},
        })
      })

      test('no file saw the developer database (127.0.0.1:5432, its user-named database, or postgres)', () => {
        expect(developerDatabaseProblems(run.seen), explain()).toEqual({})
      })

      test('files at level none saw no DATABASE_URL and could not connect with new pg.Client()', () => {
        expect(noneFileProblems(run.seen), explain()).toEqual({})
      })

      test('no two database files running at once saw the same database, unless both are read-only', () => {
        expect(sharedDatabaseProblems(run.seen), explain()).toEqual({})
      })

      test("every database file ran on its own DATABASE_URL's database, with its level's guarantees", () => {
        expect(levelGuaranteeProblems(run.seen), explain()).toEqual({})
      })

      test('the reporter recorded every file at its level (none ran unclassified, without dbsafe context)', () => {
        expect(recordedLevels(project.dir), explain()).toEqual(LEVELS_APP_LEVELS)
      })

      test('the runtime guard reports the files that probe above their level on purpose, reruns none (issue 12)', () => {
        expect(guardFindings(project.dir), explain()).toEqual(LEVELS_APP_PROBES)
      })

      test(PROCESS_CHECKS[processes].name, () => {
        const { find, expected } = PROCESS_CHECKS[processes]
        expect(find([...filesPerWorker(run.seen).values()]), explain()).toEqual(expected)
      })

      test('sequential files ran on an embedded server of their own (issue 15, deliverable 2)', () => {
        expect(sequentialServerProblems(run.seen), explain()).toEqual({})
      })

      test('database files connect as a role that is not a superuser (issue 10, deliverable 4)', () => {
        expect(superuserProblems(run.seen), explain()).toEqual({})
      })
    })
  })
}
