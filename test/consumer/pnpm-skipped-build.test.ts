import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { failedFilesInOutput } from './bookshop'
import type { ConsumerProject } from './consumer-project'
import { EMBEDDED_PLATFORM_PACKAGE, writeInstallConfig } from './install-config'
import { failedTests, missingFiles } from './isolation-checks'
import {
  expectEveryFilePassed,
  installLevelsApp,
  LEVELS_APP_DATABASE_FILES,
  LEVELS_APP_FILES,
  type LevelsRun,
  runLevelsApp,
} from './levels-app'
import { type PackageManager, pnpmLatest } from './package-managers'
import { type CommandResult, tail } from './run-command'
import { summaryTable } from './summary-table'
import { tarballs } from './tarballs'

const CONFIG = 'vitest.config.ts'

// The README's install step left out: the latest pnpm without `allowBuilds`, so the embedded server's
// platform package never ran its install script. The user runs `pnpm exec vitest run` (as `pnpm test` does).
describe('levels-app installed with the latest pnpm without allowBuilds (install script skipped)', () => {
  let pnpm: PackageManager
  let project: ConsumerProject
  let install: CommandResult
  let run: LevelsRun

  beforeAll(async () => {
    pnpm = await pnpmLatest()
    ;({ project, install } = await installLevelsApp(pnpm, { install: { allowBuilds: false } }))
    run = await runLevelsApp(project, CONFIG, { viaPackageManager: true })
    // All of it: what a user sees in this case is the point of the test.
    console.log(
      `consumer: ${pnpm.label} without allowBuilds: install exit ${install.exitCode}, vitest run took ${run.result.ms} ms, exit ${run.result.exitCode}\n${tail(install, 8)}\n${run.result.output}`,
    )
  })

  afterAll(() => project?.remove())

  test('pnpm says it ignored the build script, and still links every package', () => {
    expect(install.output, tail(install)).toMatch(
      new RegExp(`Ignored build scripts: .*${EMBEDDED_PLATFORM_PACKAGE.replace('/', '\\/')}`),
    )
    expect(existsSync(join(project.dir, 'node_modules', '.bin', 'vitest'))).toBe(true)
  })

  test('every database file fails before it runs, and the files at level none pass', () => {
    const none = LEVELS_APP_FILES.filter((file) => !LEVELS_APP_DATABASE_FILES.includes(file))
    expect(
      {
        exitCode: run.result.exitCode,
        failed: failedFilesInOutput(run.result.output).sort(),
        ran: [...run.seen.keys()].sort(),
        problems: { ...failedTests(run.seen), ...missingFiles(none, run.seen) },
      },
      `${summaryTable(run.seen)}\n\n${tail(run.result)}`,
    ).toEqual({ exitCode: 1, failed: LEVELS_APP_DATABASE_FILES, ran: none, problems: {} })
  })

  test("dbsafe's error names the real cause and the allowBuilds fix for this pnpm", () => {
    const output = run.result.output
    expect(output, tail(run.result)).toContain(
      'DbsafeError [DBSAFE_EMBEDDED_START_FAILED]: The embedded PostgreSQL could not start',
    )
    expect(output).toMatch(/initdb could not load lib\S+\.so[.\d]*: the install script of /)
    expect(output).toContain(
      `the install script of ${EMBEDDED_PLATFORM_PACKAGE}, which restores its shared-library links, did not run.`,
    )
    expect(output).toContain(
      `How to fix: add \`allowBuilds: { "${EMBEDDED_PLATFORM_PACKAGE}": true }\` to pnpm-workspace.yaml, then \`pnpm install --force\``,
    )
  })

  test(
    'following the fix (allowBuilds, then pnpm install --force), every file passes',
    async () => {
      const manifest = JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8'))
      writeInstallConfig(project.dir, manifest, pnpm, tarballs())
      const reinstall = await project.install(['--force'])
      expect(reinstall.exitCode, tail(reinstall)).toBe(0)
      expectEveryFilePassed(await runLevelsApp(project, CONFIG, { viaPackageManager: true }))
    },
    10 * 60_000,
  )
})
