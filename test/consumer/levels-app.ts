import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ConsumerProject } from './consumer-project'
import { DEVELOPER_SERVER } from './developer-server'
import { type Observation, readObservations } from './observation'
import type { CommandResult } from './run-command'
import { removeTempFolder, traversableTempFolder } from './temp-folder'

/** The fixture project: the README's config, one or more test files per level. */
export const LEVELS_APP = fileURLToPath(new URL('./fixtures/levels-app', import.meta.url))

/** Its test files, as the observations name them. */
export const LEVELS_APP_FILES = readdirSync(join(LEVELS_APP, 'tests'))
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => `tests/${name}`)
  .sort()

const LEVELS = ['none', 'read-only', 'isolated-writes', 'shared-writes', 'schema-changes', 'sequential']

/** Each file's level: every file name starts with it (`tests/read-only-catalog.test.ts`). */
export const LEVELS_APP_LEVELS: Record<string, string> = Object.fromEntries(
  LEVELS_APP_FILES.map((file) => [file, LEVELS.find((level) => file.startsWith(`tests/${level}-`)) ?? '?']),
)

/** Two workers for twelve files: with worker reuse, each worker process runs several files. */
export const LEVELS_APP_WORKERS = 2

/** One run of the fixture through its own Vitest CLI. */
export interface LevelsRun {
  result: CommandResult
  seen: Map<string, Observation>
}

/** `vitest run --config <config>` in the installed fixture; collects what every file saw. */
export async function runLevelsApp(project: ConsumerProject, config: string): Promise<LevelsRun> {
  const results = traversableTempFolder('dbsafe-levels-results-')
  // Every run starts without history: the reporter's record is then this run's, and the order is the same.
  rmSync(join(project.dir, '.vitest'), { recursive: true, force: true })
  try {
    const result = await project.vitest(['--config', config, `--maxWorkers=${LEVELS_APP_WORKERS}`], {
      LEVELS_APP_RESULTS: results,
      LEVELS_APP_DEVELOPER_PORT: String(DEVELOPER_SERVER.port),
    })
    return { result, seen: readObservations(results) }
  } finally {
    removeTempFolder(results)
  }
}
