import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { dbsafeDevDependencies } from './catalog'
import { type ConsumerProject, createConsumerProject } from './consumer-project'
import { DEVELOPER_SERVER } from './developer-server'
import type { InstallOptions } from './install-config'
import { failedTests, missingFiles } from './isolation-checks'
import { type Observation, readObservations } from './observation'
import type { PackageManager } from './package-managers'
import { type CommandResult, tail } from './run-command'
import { summaryTable } from './summary-table'
import { tarballs } from './tarballs'
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

/** Its files that need a database: every level but `none`. */
export const LEVELS_APP_DATABASE_FILES = LEVELS_APP_FILES.filter((file) => LEVELS_APP_LEVELS[file] !== 'none')

/**
 * The files that try, on purpose, more than their level allows — the `none` files open a `pg.Client()`, two
 * read-only files write — to show it is refused: the runtime guard reports each (an annotation is obeyed: reported,
 * never rerun) and nothing else.
 */
export const LEVELS_APP_PROBES: Record<string, string> = {
  'tests/none-format.test.ts': 'ran at none, needs read-only, not rerun',
  'tests/none-pricing.test.ts': 'ran at none, needs read-only, not rerun',
  'tests/read-only-catalog.test.ts': 'ran at read-only, needs isolated-writes, not rerun',
  'tests/read-only-search.test.ts': 'ran at read-only, needs isolated-writes, not rerun',
}

/** Two workers for twelve files: with worker reuse, each worker process runs several files. */
export const LEVELS_APP_WORKERS = 2

/** How the fixture is installed, beyond the packed packages and the repository's Vitest and pg. */
export interface LevelsAppInstall {
  install?: InstallOptions
  /** Added to its devDependencies (e.g. `vite` for package managers that skip peers). */
  devDependencies?: Record<string, string>
}

/** The fixture in a fresh temp folder, installed with `packageManager` from the packed tarballs. */
export async function installLevelsApp(
  packageManager: PackageManager,
  options: LevelsAppInstall = {},
): Promise<{ project: ConsumerProject; install: CommandResult }> {
  const project = createConsumerProject({
    template: LEVELS_APP,
    packageManager,
    tarballs: tarballs(),
    devDependencies: { ...dbsafeDevDependencies(), ...options.devDependencies },
    install: options.install,
  })
  const install = await project.install()
  console.log(`consumer: ${packageManager.label} install took ${install.ms} ms in ${project.dir}`)
  return { project, install }
}

/** One run of the fixture through its own Vitest CLI. */
export interface LevelsRun {
  result: CommandResult
  seen: Map<string, Observation>
}

/** How to run the fixture. */
export interface LevelsRunOptions {
  /** `--maxWorkers`; {@link LEVELS_APP_WORKERS} unless given. */
  maxWorkers?: number
  /** Keep the reporter's history of earlier runs, as a user's repeated runs do; each run starts without it otherwise. */
  keepHistory?: boolean
  /** Through the package manager (`pnpm exec vitest run`), which tells dbsafe who installed it. */
  viaPackageManager?: boolean
  /** More environment variables of the run (e.g. a `TMPDIR` of its own). */
  env?: Record<string, string>
}

/** `vitest run --config <config> --maxWorkers=<n>` in the installed fixture; collects what every file saw. */
export async function runLevelsApp(
  project: ConsumerProject,
  config: string,
  {
    maxWorkers = LEVELS_APP_WORKERS,
    keepHistory = false,
    viaPackageManager = false,
    env = {},
  }: LevelsRunOptions = {},
): Promise<LevelsRun> {
  const results = traversableTempFolder('dbsafe-levels-results-')
  // Without history the reporter's record is this run's, and the order is the same in every run.
  if (!keepHistory) rmSync(join(project.dir, '.vitest'), { recursive: true, force: true })
  try {
    const result = await project.vitest(
      ['--config', config, `--maxWorkers=${maxWorkers}`],
      { ...env, LEVELS_APP_RESULTS: results, LEVELS_APP_DEVELOPER_PORT: String(DEVELOPER_SERVER.port) },
      { viaPackageManager },
    )
    return { result, seen: readObservations(results) }
  } finally {
    removeTempFolder(results)
  }
}

/** Every fixture file ran and passed, and the run exited 0 (the run's table and output tell why not). */
export function expectEveryFilePassed({ result, seen }: LevelsRun): void {
  const problems = { ...failedTests(seen), ...missingFiles(LEVELS_APP_FILES, seen) }
  expect({ exitCode: result.exitCode, problems }, `${summaryTable(seen)}\n\n${tail(result)}`).toEqual({
    exitCode: 0,
    problems: {},
  })
}
