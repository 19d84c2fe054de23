import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { consumerEnv } from './consumer-env'
import type { ConsumerProject } from './consumer-project'
import { runCommand, tail } from './run-command'
import { removeTempFolder, traversableTempFolder } from './temp-folder'

/** The version of the second copy: not the repository's (catalog) Vitest, which the project uses. */
export const SECOND_VITEST = '5.1.0'

/** Where the pool package lives in an npm project. */
export const POOL_PACKAGE = join('node_modules', '@dbsafe', 'vitest-pool')

/** The Vitest that `import 'vitest/…'` reaches from `dir` (its package.json and version). */
export function vitestSeenFrom(dir: string): { path: string; version: string } {
  const path = createRequire(join(dir, 'package.json')).resolve('vitest/package.json')
  return { path, version: JSON.parse(readFileSync(path, 'utf8')).version }
}

/**
 * Gives @dbsafe/vitest-pool a Vitest of its own: `vitest@version` installed with npm in a temp folder,
 * its whole node_modules (Vitest, @vitest/*, Vite) moved to node_modules/@dbsafe/vitest-pool/node_modules.
 * The pool's `import 'vitest/node'` then loads that copy while the project's CLI runs its own — as in a
 * monorepo where dbsafe's `vitest` peer resolved to another copy. (npm itself refuses an override of a
 * peer dependency with ERESOLVE.)
 */
export async function nestSecondVitest(project: ConsumerProject, version = SECOND_VITEST): Promise<void> {
  const folder = traversableTempFolder('dbsafe-second-vitest-')
  try {
    writeFileSync(join(folder, 'package.json'), '{ "private": true }\n')
    const install = await runCommand(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', `vitest@${version}`],
      { cwd: folder, env: consumerEnv(), timeoutMs: 10 * 60_000 },
    )
    if (install.exitCode !== 0) throw new Error(`could not install vitest@${version}:\n${tail(install)}`)
    mkdirSync(join(project.dir, POOL_PACKAGE), { recursive: true })
    renameSync(join(folder, 'node_modules'), join(project.dir, POOL_PACKAGE, 'node_modules'))
  } finally {
    removeTempFolder(folder)
  }
}
