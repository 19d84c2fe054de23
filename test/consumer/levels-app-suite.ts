import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readCatalog } from './catalog'
import { type ConsumerProject, createConsumerProject } from './consumer-project'
import {
  developerDatabaseProblems,
  failedTests,
  filesPerWorker,
  levelGuaranteeProblems,
  missingFiles,
  noneFileProblems,
  sharedDatabaseProblems,
  superuserProblems,
} from './isolation-checks'
import { LEVELS_APP, LEVELS_APP_FILES, LEVELS_APP_LEVELS, type LevelsRun, runLevelsApp } from './levels-app'
import type { PackageManager } from './package-managers'
import { recordedLevels } from './reporter-history'
import { tail } from './run-command'
import { summaryTable } from './summary-table'
import { tarballs } from './tarballs'

const MODES = [
  { mode: 'worker reuse on (the default)', config: 'vitest.config.ts', reuse: true },
  { mode: 'worker reuse off (reuseWorkers: false)', config: 'vitest.no-reuse.config.ts', reuse: false },
]

/**
 * The levels-app fixture installed once with `packageManager` from the packed tarballs, then run through
 * its own Vitest CLI with worker reuse on and off; every test checks what each file saw.
 */
export function describeLevelsApp(label: string, packageManager: () => Promise<PackageManager>): void {
  describe(`levels-app installed with ${label}`, () => {
    let project: ConsumerProject

    beforeAll(async () => {
      const catalog = readCatalog()
      project = createConsumerProject({
        template: LEVELS_APP,
        packageManager: await packageManager(),
        tarballs: tarballs(),
        devDependencies: {
          '@dbsafe/vitest-pool': 'workspace:*',
          '@dbsafe/vitest-reporter': 'workspace:*',
          '@dbsafe/cli': 'workspace:*',
          vitest: catalog.vitest as string,
          pg: catalog.pg as string,
        },
      })
      const install = await project.install()
      console.log(`consumer: ${project.packageManager.label} install took ${install.ms} ms in ${project.dir}`)
      expect(install.exitCode, tail(install)).toBe(0)
    })

    afterAll(() => project?.remove())

    describe.each(MODES)('$mode', ({ config, reuse }) => {
      let run: LevelsRun
      const explain = () => summaryTable(run.seen)

      beforeAll(async () => {
        run = await runLevelsApp(project, config)
        console.log(
          `consumer: ${project.packageManager.label}, ${config}: vitest run took ${run.result.ms} ms, exit ${run.result.exitCode}\n${summaryTable(run.seen)}`,
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

      test(
        reuse ? 'worker processes each ran several files' : 'every file ran in a worker process of its own',
        () => {
          const workers = [...filesPerWorker(run.seen).values()]
          if (reuse)
            expect(
              workers.some((files) => files.length > 1),
              explain(),
            ).toBe(true)
          else
            expect(
              workers.filter((files) => files.length > 1),
              explain(),
            ).toEqual([])
        },
      )

      test('database files connect as a role that is not a superuser (issue 10, deliverable 4)', () => {
        expect(superuserProblems(run.seen), explain()).toEqual({})
      })
    })
  })
}
