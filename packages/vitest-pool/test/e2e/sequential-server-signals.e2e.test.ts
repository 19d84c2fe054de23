import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import { eventually } from '../../../../test/utils/eventually'

const PROJECT = fileURLToPath(new URL('../fixtures/sequential-server-project', import.meta.url))
const cacheDir = mkdtempSync(join(tmpdir(), 'dbsafe-e2e-seq-signal-'))

/** The postmaster pid of a cached cluster, while it runs. */
function postmaster(dataDir: string): number | undefined {
  let pid: number
  try {
    pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  } catch {
    return undefined
  }
  if (!(pid > 0)) return undefined
  try {
    process.kill(pid, 0)
    return pid
  } catch {
    return undefined
  }
}

const MAIN = join(cacheDir, 'slot-0', 'data')
const SEQUENTIAL = join(cacheDir, 'sequential', 'slot-0', 'data')

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

test('SIGTERM mid-run stops both embedded servers: the main one and the sequential files’ own', async () => {
  const child = spawn(process.execPath, [join(PROJECT, 'run-with-dbsafe.mjs')], {
    cwd: PROJECT,
    env: {
      ...process.env,
      DBSAFE_FIXTURE_CACHE: cacheDir,
      DBSAFE_FIXTURE_OUT: mkdtempSync(join(tmpdir(), 'dbsafe-seq-sig-')),
    },
    stdio: 'ignore',
  })
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, sig) => resolve(code ?? sig)),
  )
  await eventually(
    () => postmaster(MAIN) !== undefined && postmaster(SEQUENTIAL) !== undefined,
    120_000,
    'both embedded servers running',
  )
  const pids = [postmaster(MAIN), postmaster(SEQUENTIAL)]
  child.kill('SIGTERM')
  expect(await exited, 'the interrupted run must not look successful').not.toBe(0)
  await eventually(
    () => postmaster(MAIN) === undefined && postmaster(SEQUENTIAL) === undefined,
    30_000,
    'both servers stopped',
  )
  for (const pid of pids) expect(() => process.kill(pid as number, 0)).toThrow()
  // Stopped by dbsafe's close (which releases each cache slot), not only by the watchdog of a dead process.
  expect([
    existsSync(join(cacheDir, 'slot-0', 'lock')),
    existsSync(join(cacheDir, 'sequential', 'slot-0', 'lock')),
  ]).toEqual([false, false])
})
