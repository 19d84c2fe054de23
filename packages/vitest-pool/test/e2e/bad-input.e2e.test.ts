import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { LEVELS_PROJECT, runFixture } from './run-fixture'

const VITEST_CLI = join(dirname(fileURLToPath(import.meta.resolve('vitest/package.json'))), 'vitest.mjs')

/** `vitest run --config <config>` on the fixture: its exit code and what it printed on stderr. */
function vitestRun(config: string): Promise<{ code: number | null; stderr: string }> {
  // No server URL of the caller's: these runs need none.
  const { DBSAFE_URL: _url, ...env } = process.env
  const child = spawn(process.execPath, [VITEST_CLI, 'run', '--config', config], {
    cwd: LEVELS_PROJECT,
    env: { ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk)
  })
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })))
}

test('a misspelt option stops Vitest at config load with one line and a "did you mean"', async () => {
  const { code, stderr } = await vitestRun('vitest.misspelt-option.config.mjs')
  expect(code).not.toBe(0)
  expect(stderr).toContain('dbsafe has no option "migrtions"; did you mean "migrations"?\n')
  expect(stderr).toContain('How to fix: Rename "migrtions" to "migrations".')
  // Not the misleading error of old, about a seed applied to a template without tables.
  expect(stderr).not.toMatch(/seed/i)
})

test('a misspelt annotation fails its file at once, naming the file, the value and the valid names', async () => {
  const { files, observations } = await runFixture({
    // No database file runs, so no server is needed (none would start without a URL, either).
    dbsafe: {},
    cli: { include: ['annotation-errors/tests/*.test.ts', 'tests/none.test.ts'] },
  })
  const misspelt = files.get('misspelt-level')
  expect(misspelt?.state).toBe('failed')
  expect(misspelt?.errors).toEqual([
    expect.stringMatching(
      /^DBSAFE_CONFIG_INVALID: annotation-errors\/tests\/misspelt-level\.test\.ts:1: @db-level "sequentail" is not a level; did you mean "sequential"\? The levels are none, read-only, isolated-writes, shared-writes, schema-changes, sequential\.\n {2}How to fix: /,
    ),
  ])
  // It never ran (it would have saved what it saw), and it did not stop the other files.
  expect(observations.has('misspelt-level')).toBe(false)
  expect(files.get('none')?.state).toBe('passed')
})

test('what Vitest prints for a file dbsafe failed before it ran names the error, its code and its fix', async () => {
  // The way every error of the pool reaches a file (an embedded server that could not start among them): the
  // default reporter prints an error's name and message, not its other properties.
  const { code, stderr } = await vitestRun('vitest.annotation-errors.config.mjs')
  expect(code).toBe(1)
  expect(stderr).toMatch(
    /DbsafeError \[DBSAFE_CONFIG_INVALID\]: annotation-errors\/tests\/misspelt-level\.test\.ts:1: @db-level "sequentail" is not a level/,
  )
  expect(stderr).toContain('How to fix: ')
})
