import { execFile } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'

const PACKAGE = fileURLToPath(new URL('../..', import.meta.url))
const VITEST = join(PACKAGE, 'node_modules/vitest/vitest.mjs')

/** The vitest.config.ts a user writes from docs/reporter.md: the dbsafe reporter and sequencer in the config. */
const CONFIG = `import { DbsafeReporter, DbsafeSequencer } from '@dbsafe/vitest-reporter'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    reporters: ['default', new DbsafeReporter()],
    sequence: { sequencer: DbsafeSequencer },
  },
})
`

/**
 * Turns a copied fixture into a project as users have it: a vitest.config.ts, and `@dbsafe/vitest-reporter`
 * installed (a link to this package, so the config and `--reporter=@dbsafe/vitest-reporter` load its dist).
 */
export function asUserProject(root: string): void {
  writeFileSync(join(root, 'vitest.config.ts'), CONFIG)
  mkdirSync(join(root, 'node_modules/@dbsafe'), { recursive: true })
  symlinkSync(PACKAGE, join(root, 'node_modules/@dbsafe/vitest-reporter'))
}

/** Runs the real `vitest` command in `root` (a child process, as in CI), with Vitest's own variables unset. */
export function vitestCli(
  root: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ output: string; exitCode: number }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(VITEST|TEST|GITHUB_|CI$|NODE_OPTIONS$)/.test(name)),
  )
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [VITEST, ...args],
      { cwd: root, env: { ...clean, NO_COLOR: '1', ...env }, timeout: 120_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ output: stripVTControlCharacters(`${stdout}\n${stderr}`), exitCode })
      },
    )
  })
}
