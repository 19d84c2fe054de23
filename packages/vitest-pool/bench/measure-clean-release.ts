// What the proof behind `release('clean')` costs per transaction-per-test file (used by `pnpm bench provision`;
// not a benchmark itself). Before it, a clean release was an array push.
import { performance } from 'node:perf_hooks'
import { createProvisioner, type ProvisionerOptions } from '@dbsafe/vitest-pool'
import pg from 'pg'

/** Release times (ms) of a worker database after a file like a transaction-per-test one, per path of the proof. */
export interface CleanReleaseTimes {
  /** The file's session only committed its own start (every test rolled back): two admin queries. */
  quick: number[]
  /** The file's session also committed a read (a query in `beforeAll`): the proof counts committed changes. */
  counted: number[]
}

/**
 * `samples` clean releases per path, each followed by a lease that must get the same database back (the proof
 * held). The figures hold everything a clean release does (with lease roles, taking the database back first).
 */
export async function cleanReleaseTimes(
  options: ProvisionerOptions,
  samples: number,
): Promise<CleanReleaseTimes> {
  const provisioner = await createProvisioner({ ...options, warmDatabases: 0 })
  const times: CleanReleaseTimes = { quick: [], counted: [] }
  try {
    let lease = await provisioner.lease('worker')
    for (let i = 0; i < 2 * samples; i++) {
      const path = i % 2 === 0 ? 'quick' : 'counted'
      const client = new pg.Client({ connectionString: lease.url })
      await client.connect()
      if (path === 'counted') await client.query('SELECT 1')
      for (let test = 0; test < 3; test++) {
        await client.query('BEGIN')
        await client.query('CREATE TEMP TABLE scratch (id int)')
        await client.query('ROLLBACK')
      }
      await client.end()
      const started = performance.now()
      await lease.release('clean')
      times[path].push(performance.now() - started)
      const next = await provisioner.lease('worker')
      if (next.name !== lease.name) throw new Error(`a clean release was not reused (${path} path)`)
      lease = next
    }
    await lease.release('dirty')
    return times
  } finally {
    await provisioner.close()
  }
}
