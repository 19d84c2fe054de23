import { randomBytes } from 'node:crypto'
import { chmod, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { hostname, tmpdir, userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { isDbsafeError } from '@dbsafe/core'
import { type EmbeddedServer, type EmbeddedServerOptions, startEmbeddedServer } from './embedded-server'
import { isProcessAlive } from './process-alive'

/** Options of {@link startCachedEmbeddedServer}. */
export interface CachedEmbeddedServerOptions extends Pick<EmbeddedServerOptions, 'settings' | 'onLog'> {
  /**
   * Folder that keeps initialised clusters between runs (and with them the template databases).
   * It must be readable by the `postgres` system user when running as root, so not under /root.
   * Default: `<os temp dir>/dbsafe-embedded-<uid>`.
   */
  cacheDir?: string
  /** How many runs may use their own cached cluster at the same time; more runs get a temporary one. Default: 4. */
  slots?: number
}

/** The default cache folder of the embedded clusters. */
export function defaultEmbeddedCacheDir(): string {
  return join(tmpdir(), `dbsafe-embedded-${userInfo().uid}`)
}

/**
 * Starts an embedded PostgreSQL on a cached cluster: the first run initialises it (about a second), later runs
 * start it as is (no initdb) and find their template databases still there. Each cluster lives in a slot
 * folder guarded by a lock file holding the owner's pid, so two runs never start the same cluster; a second
 * concurrent run takes the next slot. A slot whose owner died is taken over. The generated superuser
 * password is stored beside the cluster (mode 0600).
 */
export async function startCachedEmbeddedServer(
  options: CachedEmbeddedServerOptions = {},
): Promise<EmbeddedServer> {
  const cacheDir = options.cacheDir ?? defaultEmbeddedCacheDir()
  const slots = options.slots ?? 4
  for (let slot = 0; slot < slots; slot++) {
    const slotDir = join(cacheDir, `slot-${slot}`)
    const release = await tryLockSlot(slotDir)
    if (!release) continue
    try {
      const server = await startInSlot(slotDir, options)
      let stopped: Promise<void> | undefined
      return {
        ...server,
        stop: () => {
          stopped ??= server.stop().finally(release)
          return stopped
        },
      }
    } catch (error) {
      await release()
      throw error
    }
  }
  options.onLog?.(`dbsafe: all ${slots} cached PostgreSQL clusters are in use; starting a temporary one.`)
  return startEmbeddedServer(options)
}

async function startInSlot(slotDir: string, options: CachedEmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = join(slotDir, 'data')
  if (userInfo().uid === 0) await letPostgresUserTraverse(slotDir)
  const password = await slotPassword(slotDir, dataDir)
  try {
    return await startEmbeddedServer({ ...options, dataDir, password })
  } catch (error) {
    if (!isDbsafeError(error, 'DBSAFE_EMBEDDED_START_FAILED')) throw error
    // A cluster from another PostgreSQL version, or damaged by a crash during initdb: start over once.
    options.onLog?.(`dbsafe: the cached cluster in ${dataDir} did not start; initialising a new one.`)
    await rm(dataDir, { recursive: true, force: true })
    return startEmbeddedServer({ ...options, dataDir, password: await slotPassword(slotDir, dataDir) })
  }
}

/**
 * As root the server runs as the `postgres` system user, which must be able to enter every folder above its
 * data dir (a `mkdtemp` folder is 0700). Adds the traverse bit only (o+x): nothing becomes readable.
 */
async function letPostgresUserTraverse(slotDir: string): Promise<void> {
  for (let dir = slotDir; dir !== dirname(dir); dir = dirname(dir)) {
    const { mode } = await stat(dir)
    if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001)
  }
}

/** The stored password of the slot's cluster; a new one (and no cluster) when none is stored. */
async function slotPassword(slotDir: string, dataDir: string): Promise<string> {
  const file = join(slotDir, 'password')
  const stored = (await readFile(file, 'utf8').catch(() => '')).trim()
  if (stored) return stored
  await rm(dataDir, { recursive: true, force: true })
  const password = randomBytes(18).toString('base64url')
  await writeFile(file, `${password}\n`, { mode: 0o600 })
  return password
}

/** Takes the slot's lock file, or returns undefined when a live process holds it. */
async function tryLockSlot(slotDir: string): Promise<(() => Promise<void>) | undefined> {
  await mkdir(slotDir, { recursive: true, mode: 0o755 })
  const lockFile = join(slotDir, 'lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, 'wx', 0o600)
      await handle.writeFile(
        JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }),
      )
      await handle.close()
      return () => rm(lockFile, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = await readFile(lockFile, 'utf8').catch(() => '')
      if (isProcessAlive(lockOwnerPid(owner))) return undefined
      await rm(lockFile, { force: true })
    }
  }
  return undefined
}

function lockOwnerPid(text: string): number {
  try {
    return Number((JSON.parse(text) as { pid?: unknown }).pid)
  } catch {
    return 0
  }
}
