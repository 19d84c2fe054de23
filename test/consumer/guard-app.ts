import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DbsafeMisclassification, LearnedLevels } from '@dbsafe/core'
import { dbsafeDevDependencies } from './catalog'
import { type ConsumerProject, createConsumerProject } from './consumer-project'
import type { PackageManager } from './package-managers'
import type { CommandResult } from './run-command'
import { tarballs } from './tarballs'

/** The fixture where the analyzer is wrong on purpose (each test file says how in its first comment). */
export const GUARD_APP = fileURLToPath(new URL('./fixtures/guard-app', import.meta.url))

/** postgres.js, the client dbsafe does not intercept, for the files only the server-side view sees. */
const POSTGRES_JS = '3.4.9'

/** What the analyzer gives each file, what it really needs, and the level of its rerun in the first run (if any). */
export const GUARD_APP_EXPECTED = {
  'tests/computed-writer.test.ts': { ranAt: 'none', needs: 'isolated-writes', rerun: 'isolated-writes' },
  'tests/runtime-sql-hook.test.ts': { ranAt: 'isolated-writes', needs: 'shared-writes', rerun: undefined },
  'tests/schema-sync.test.ts': { ranAt: 'isolated-writes', needs: 'schema-changes', rerun: undefined },
  'tests/listen-notify.test.ts': { ranAt: 'isolated-writes', needs: 'shared-writes', rerun: undefined },
  'tests/pool-exhausted.test.ts': { ranAt: 'read-only', needs: 'sequential', rerun: undefined },
  'tests/role-from-file.test.ts': { ranAt: 'schema-changes', needs: 'sequential', rerun: 'sequential' },
} as const

/** One file of the reporter's history record of a run. */
export interface GuardHistoryFile {
  file: string
  state: string
  level?: string
  source?: string
  misclassified?: DbsafeMisclassification
}

/** One run of the fixture through its own Vitest CLI, and what the reporter recorded of it. */
export interface GuardRun {
  result: CommandResult
  files: Record<string, GuardHistoryFile>
  learned: LearnedLevels
}

/** The fixture in a fresh temp folder, with postgres.js, installed with `packageManager` from the tarballs. */
export async function installGuardApp(
  packageManager: PackageManager,
): Promise<{ project: ConsumerProject; install: CommandResult }> {
  const project = createConsumerProject({
    template: GUARD_APP,
    packageManager,
    tarballs: tarballs(),
    devDependencies: { ...dbsafeDevDependencies(), postgres: POSTGRES_JS },
  })
  const install = await project.install()
  console.log(`consumer: guard-app ${packageManager.label} install took ${install.ms} ms in ${project.dir}`)
  return { project, install }
}

/**
 * `vitest run` in the installed fixture, keeping the reporter's history (and learned levels) of earlier runs, as a
 * user's repeated runs do.
 */
export async function runGuardApp(project: ConsumerProject): Promise<GuardRun> {
  const result = await project.vitest(['--maxWorkers=2'])
  const folder = join(project.dir, '.vitest', 'dbsafe')
  const history = JSON.parse(readFileSync(join(folder, 'history.json'), 'utf8')) as {
    runs: { files: GuardHistoryFile[] }[]
  }
  const files = Object.fromEntries((history.runs.at(-1)?.files ?? []).map((file) => [file.file, file]))
  const learned = JSON.parse(readFileSync(join(folder, 'learned-levels.json'), 'utf8')) as LearnedLevels
  return { result, files, learned }
}
