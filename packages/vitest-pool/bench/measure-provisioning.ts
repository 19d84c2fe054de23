// What a run's database lifecycle costs, measured with createProvisioner on any project and server
// (used by `pnpm bench provision` and `pnpm bench pool`; not a benchmark itself).
import { performance } from 'node:perf_hooks'
import { setTimeout as delay } from 'node:timers/promises'
import { createProvisioner, type ProvisionerOptions, type RunProvisioner } from '@dbsafe/vitest-pool'

/** A strategy `cloneStrategy` can force. */
export type CloneStrategy = Exclude<NonNullable<ProvisionerOptions['cloneStrategy']>, 'auto'>

/** The start of one run, in milliseconds; its provisioner is left open. */
export interface RunStart {
  provisioner: RunProvisioner
  template: Awaited<ReturnType<RunProvisioner['template']>>
  /** createProvisioner: the server (started, or checked and connected to). */
  serverMs: number
  /** ensureTemplate: built, or found up to date. */
  templateMs: number
  /** server + template. */
  startMs: number
  /** The first lease of a worker database. */
  leaseMs: number
  /** The run's provisioning: server + template + first lease. */
  provisionMs: number
}

/** A run's start: createProvisioner (server), ensureTemplate, then its first lease (released clean). */
export async function measureRunStart(options: ProvisionerOptions): Promise<RunStart> {
  let started = performance.now()
  const provisioner = await createProvisioner(options)
  const serverMs = performance.now() - started
  started = performance.now()
  const template = await provisioner.template()
  const templateMs = performance.now() - started
  const lease = await provisioner.lease('worker')
  await lease.release('clean')
  return {
    provisioner,
    template,
    serverMs,
    templateMs,
    startMs: serverMs + templateMs,
    leaseMs: lease.provisionMs,
    provisionMs: serverMs + templateMs + lease.provisionMs,
  }
}

/**
 * Two consecutive run starts with the same options: the first builds the template (give a `databasePrefix`
 * no template exists under yet) and is closed; the second reuses the template, and the spares the first left.
 * The second run's provisioner is left open for the caller to close.
 */
export async function measureFirstAndSecondRun(
  options: ProvisionerOptions,
): Promise<{ first: RunStart; second: RunStart }> {
  const first = await measureRunStart(options)
  await first.provisioner.close()
  return { first, second: await measureRunStart(options) }
}

/** Leases fresh databases until the provisioner's auto calibration has chosen a clone strategy. */
export async function calibrate(options: ProvisionerOptions) {
  const provisioner = await createProvisioner({ ...options, cloneStrategy: 'auto', warmDatabases: 0 })
  try {
    let leases = 0
    while (provisioner.calibration() === undefined && leases < 20) {
      leases++
      await (await provisioner.lease('fresh')).release('dirty')
    }
    return { ...provisioner.calibration()!, leases }
  } finally {
    await provisioner.close()
  }
}

/**
 * `samples` per-worker clone times (ms) with `strategy`, after one unmeasured clone; the first line of the
 * error when the server cannot clone that way.
 */
export async function cloneTimes(
  options: ProvisionerOptions,
  strategy: CloneStrategy,
  samples: number,
): Promise<number[] | string> {
  const provisioner = await createProvisioner({ ...options, cloneStrategy: strategy, warmDatabases: 0 })
  try {
    const times: number[] = []
    for (let i = 0; i < samples + 1; i++) {
      const lease = await provisioner.lease('fresh')
      if (i > 0) times.push(lease.provisionMs)
      await lease.release('dirty')
    }
    return times
  } catch (error) {
    return (error as Error).message.split('\n')[0] ?? 'failed'
  } finally {
    await provisioner.close()
  }
}

/** `samples` leases from a full warm pool, and as many reuses of a worker database released clean (ms). */
export async function warmLeases(options: ProvisionerOptions, samples: number) {
  const warmDatabases = 2
  const provisioner = await createProvisioner({ ...options, warmDatabases })
  const warm: number[] = []
  const reuse: number[] = []
  try {
    await (await provisioner.lease('worker')).release('dirty')
    for (let i = 0; i < samples; i++) {
      // Wait until the pool is full again, as it is when test files take longer than a clone.
      const deadline = Date.now() + 30_000
      while (provisioner.warmCount() < warmDatabases && Date.now() < deadline) await delay(5)
      const lease = await provisioner.lease('fresh')
      warm.push(lease.provisionMs)
      await lease.release('dirty')
      const worker = await provisioner.lease('worker')
      await worker.release('clean')
      const again = await provisioner.lease('worker')
      reuse.push(again.provisionMs)
      await again.release('dirty')
    }
    return { warm, reuse }
  } finally {
    await provisioner.close()
  }
}
