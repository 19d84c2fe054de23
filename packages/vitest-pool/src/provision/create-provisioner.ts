import { randomInt } from 'node:crypto'
import { resolve } from 'node:path'
import { DbsafeError, isDbsafeError, redactConnectionString } from '@dbsafe/core'
import { advisoryKey } from '../server/advisory-keys'
import { isConnectionError } from '../server/connection-errors'
import { type OpenedDatabaseServer, openDatabaseServer } from '../server/database-server'
import { pingServer } from '../server/health-probe'
import { checkServerUrl } from '../server/server-url'
import { withClient } from '../server/with-client'
import { supportedCloneStrategies } from '../template/clone-strategy'
import { type CloneCalibration, CloneStrategyTuner } from '../template/clone-strategy-tuner'
import { type EnsuredTemplate, ensureTemplate, storeCloneCalibration } from '../template/ensure-template'
import { computeFingerprint } from '../template/fingerprint'
import { CircuitBreaker } from './circuit-breaker'
import { ClonePool } from './clone-pool'
import { closeWithin, DEFAULT_CLOSE_TIMEOUT_MS } from './close-within'
import { templateName } from './database-marker'
import { DEFAULT_OUTAGE_TOLERANCE_MS, OutageGate } from './outage-gate'
import type { Provisioner } from './provisioner'
import type { ProvisionerOptions } from './provisioner-options'
import { reapDeadRuns } from './reaper'
import { RunSession } from './run-session'
import { retireStaleSpares } from './spare-databases'

/** The provisioner of one run, with what tests and reports need beyond the contract. */
export interface RunProvisioner extends Provisioner {
  readonly server: OpenedDatabaseServer
  /** 8 hex digits: every database of this run is named `<prefix>_<runId>_…`. */
  readonly runId: string
  /**
   * The databases dead runs left behind that this run dropped (resolves once the reaper is done). On a user's
   * server the reaper starts at once; on dbsafe's embedded cluster, whose leftovers are its own previous run's
   * (see `leaveToReaper`), once the first file has given its database back (or when this is read), so its drops
   * do not slow the first files' clones.
   */
  readonly reaped: Promise<string[]>
  /** The template (same single flight as ensureTemplate). */
  template(): Promise<EnsuredTemplate>
  /**
   * Recomputes the fingerprint (watch mode, before a rerun). When the inputs changed since the template in use
   * was prepared, or preparing it failed, starts the template of the new inputs and retires the clones of the
   * old one, so later leases clone the new template. Resolves whether it changed.
   */
  refreshTemplate(): Promise<boolean>
  /** The clone strategy in use, once chosen (stored from an earlier run, fixed, or measured on this run's clones). */
  calibration(): CloneCalibration | undefined
  /** Databases this run created and still owns. */
  ownedDatabases(): readonly string[]
  /** Pristine clones waiting in the warm pool. */
  warmCount(): number
  /** Where files wait while the server is away (see outageToleranceMs), and how long it was away. */
  readonly outages: OutageGate
}

/** Default of `templateBuildTimeoutMs`. */
const DEFAULT_TEMPLATE_BUILD_TIMEOUT_MS = 600_000

const PREFIX_PATTERN = /^[a-z][a-z0-9_]{0,29}$/

/**
 * Opens the server (embedded when no `url`), takes the run's liveness lock, starts reaping what dead runs left,
 * and returns the provisioner. The template is built on the first `ensureTemplate()` or `lease()`.
 */
export async function createProvisioner(options: ProvisionerOptions): Promise<RunProvisioner> {
  const databasePrefix = options.databasePrefix ?? 'dbsafe'
  validate(options, databasePrefix)
  const log = options.onLog ?? ((message: string) => console.warn(message))
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000
  const server = await openDatabaseServer({
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.embedded === undefined ? {} : { embedded: options.embedded }),
    allowNonTestServer: options.allowNonTestServer ?? false,
    databasePrefix,
    startupTimeoutMs: options.startupTimeoutMs ?? 15_000,
    connectTimeoutMs,
    ...(options.adminQueryTimeoutMs === undefined
      ? {}
      : { adminQueryTimeoutMs: options.adminQueryTimeoutMs }),
  })
  const templateBuildTimeoutMs = options.templateBuildTimeoutMs ?? DEFAULT_TEMPLATE_BUILD_TIMEOUT_MS
  // Roles of its own for every file need a superuser admin (dbsafe creates roles, and builds templates as one).
  const ownedTemplates = server.facts.superuser
  if (!ownedTemplates) {
    if (options.applicationRole !== undefined) {
      await server.close()
      throw new DbsafeError(
        'DBSAFE_CONFIG_INVALID',
        `applicationRole needs dbsafe to create the roles test files connect as, but the role of ${redactConnectionString(server.adminUrl)} is not a superuser.`,
        {
          hint: 'Give dbsafe a superuser URL (for example the `postgres` role of a test server), or remove applicationRole.',
        },
      )
    }
    if (!options.superuser) {
      log(
        `dbsafe: the role of ${redactConnectionString(server.adminUrl)} is not a superuser, so dbsafe cannot create roles of their own for test files: they connect as that role, and any file can change any database it owns. Give dbsafe a superuser URL for least privilege (see docs/levels.md).`,
      )
    }
  }
  const runKey = randomInt(1, 0x7fffffff)
  const runId = runKey.toString(16).padStart(8, '0')
  const session = new RunSession(server.adminUrl, runKey, runId, server.deadlines, templateBuildTimeoutMs)
  try {
    await session.ensure()
  } catch (error) {
    await server.close()
    throw error
  }
  const root = resolve(options.root)
  const cloneStrategy = options.cloneStrategy ?? 'auto'
  let tuner: CloneStrategyTuner | undefined
  let template: Promise<EnsuredTemplate> | undefined
  const fingerprintNow = async () =>
    (
      await computeFingerprint({
        root,
        ...(options.migrations === undefined ? {} : { migrations: options.migrations }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.templateInputs === undefined ? {} : { templateInputs: options.templateInputs }),
        serverVersionNum: server.versionNum,
        extra: { prefix: databasePrefix, fingerprintExtra: options.fingerprintExtra ?? '' },
      })
    ).hash
  const ensure = () => {
    template ??= (async () => {
      const fingerprint = await fingerprintNow()
      const ensured = await ensureTemplate({
        pool: server.pool,
        adminUrl: server.adminUrl,
        versionNum: server.versionNum,
        name: templateName(databasePrefix, fingerprint),
        fingerprint,
        lineage: advisoryKey(`${root}\0${databasePrefix}`).toString(16),
        steps: {
          root,
          ...(options.migrations === undefined ? {} : { migrations: options.migrations }),
          ...(options.seed === undefined ? {} : { seed: options.seed }),
          deadlines: { connectTimeoutMs, queryTimeoutMs: templateBuildTimeoutMs },
        },
        rebuild: options.rebuildTemplate ?? false,
        owned: ownedTemplates,
        log,
      })
      if (options.applicationRole !== undefined) await checkApplicationRole(server, options.applicationRole)
      await session.useTemplate(ensured.name)
      // Copies of the previous build must never be adopted: a rebuild drops them (best effort; never adopted anyway).
      if (ensured.built) {
        await withClient(server.pool, (client) =>
          retireStaleSpares(client, databasePrefix, ensured.name),
        ).catch(() => [])
      }
      tuner = new CloneStrategyTuner(
        cloneStrategy === 'auto' ? supportedCloneStrategies(server.versionNum) : [cloneStrategy],
        { decided: cloneStrategy === 'auto' ? ensured.calibration : undefined },
      )
      return ensured
    })().catch((error: unknown) => {
      // A server that went away is not the template's fault: once it is back, the next lease prepares it again.
      if (isConnectionError(error)) template = undefined
      if (isDbsafeError(error)) throw error
      throw new DbsafeError(
        isConnectionError(error) ? 'DBSAFE_SERVER_UNREACHABLE' : 'DBSAFE_TEMPLATE_BUILD_FAILED',
        `Could not prepare the template database: ${(error as Error).message}`,
        { cause: error, hint: 'Check that the server is reachable and that the role may create databases.' },
      )
    })
    return template
  }
  const breaker = new CircuitBreaker({ failureThreshold: options.circuitFailureThreshold ?? 3 })
  const clones = new ClonePool({
    pool: server.pool,
    adminUrl: server.adminUrl,
    databasePrefix,
    runId,
    runKey,
    target: async () => {
      const ensured = await ensure()
      return { template: ensured.name, versionNum: server.versionNum, tuner: tuner! }
    },
    onCalibrated: async (calibration) => {
      const { name } = await ensure()
      await withClient(server.pool, (client) => storeCloneCalibration(client, name, calibration))
      log(
        `dbsafe: clone strategy for ${name}: ${calibration.strategy} (${Object.entries(calibration.cloneMs)
          .map(([strategy, ms]) => `${strategy} ${ms} ms`)
          .join(', ')}).`,
      )
    },
    warmDatabases: options.warmDatabases ?? 2,
    keepSpares: options.keepSpares ?? true,
    dropAfterExit: options.dropAfterExit ?? server.kind === 'external',
    // dbsafe stops its embedded server right after close: the next run on that cluster reaps what this one used.
    leaveToReaper: server.kind === 'embedded',
    onRelease: () => void reap(),
    keepFailed: options.keepFailed ?? false,
    ...(ownedTemplates
      ? {
          roles: {
            files: options.superuser ? ('admin' as const) : ('own' as const),
            ...(options.applicationRole === undefined ? {} : { applicationRole: options.applicationRole }),
          },
        }
      : {}),
    breaker,
    probe: async () => {
      await pingServer(server.adminUrl, connectTimeoutMs)
      await session.ensure()
    },
    log,
  })
  let reaping: Promise<string[]> | undefined
  const reap = (): Promise<string[]> => {
    reaping ??= withClient(server.pool, (client) =>
      reapDeadRuns(client, { databasePrefix, keptRetentionMs: options.keptRetentionMs ?? 86_400_000 }),
    ).catch(() => [])
    return reaping
  }
  if (server.kind === 'external') void reap()
  const outages = new OutageGate({
    breaker,
    probe: async () => {
      await pingServer(server.adminUrl, connectTimeoutMs)
      await session.ensure()
    },
    toleranceMs: options.outageToleranceMs ?? DEFAULT_OUTAGE_TOLERANCE_MS,
    server: redactConnectionString(server.adminUrl),
    log,
  })
  let closed: Promise<void> | undefined
  return {
    server,
    runId,
    get reaped() {
      return reap()
    },
    template: ensure,
    refreshTemplate: async () => {
      const pending = template
      if (pending === undefined) return false
      const current = await pending.catch(() => undefined)
      const hash = await fingerprintNow().catch(() => undefined)
      if (template !== pending || (current !== undefined && current.fingerprint === hash)) return false
      template = undefined
      clones.retire()
      if (current !== undefined) await session.releaseTemplate(current.name).catch(() => {})
      ensure().catch(() => {})
      return true
    },
    ensureTemplate: async () => {
      const { name, fingerprint, built, buildMs } = await ensure()
      return { name, fingerprint, built, buildMs }
    },
    readOnlyDatabase: () => clones.readOnlyDatabase(),
    lease: (kind, leaseOptions) => clones.lease(kind, leaseOptions),
    ownedDatabases: () => clones.ownedDatabases,
    warmCount: () => clones.readyCount,
    calibration: () => tuner?.decided,
    outages,
    close: () => {
      outages.close()
      closed ??= closeWithin(
        async () => {
          const summary = outages.summary()
          if (summary) log(summary)
          await reaping
          await template?.catch(() => {})
          await clones.close()
          await session.close()
          await server.close()
        },
        {
          timeoutMs: options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS,
          abort: async () => {
            session.abort()
            await server.abort()
          },
          server: redactConnectionString(server.adminUrl),
          gaveUp:
            server.kind === 'embedded'
              ? 'dropped its connections and killed the embedded server'
              : 'dropped its connections',
        },
      )
      return closed
    },
  }
}

/** Fails (DBSAFE_CONFIG_INVALID) unless the application role exists once the migrations have run. */
async function checkApplicationRole(server: OpenedDatabaseServer, role: string): Promise<void> {
  const { rowCount } = await withClient(server.pool, (client) =>
    client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]),
  )
  if (rowCount) return
  throw new DbsafeError(
    'DBSAFE_CONFIG_INVALID',
    `The application role ${JSON.stringify(role)} does not exist on the server, even after the migrations ran.`,
    {
      hint: 'Create it in your migrations (CREATE ROLE … NOLOGIN, with its grants), or fix the name in applicationRole (it is case-sensitive).',
    },
  )
}

function validate(options: ProvisionerOptions, databasePrefix: string): void {
  if (options.url !== undefined) checkServerUrl(options.url)
  if (!PREFIX_PATTERN.test(databasePrefix)) {
    throw new DbsafeError(
      'DBSAFE_CONFIG_INVALID',
      `The database prefix ${JSON.stringify(databasePrefix)} is not usable in database names.`,
      { hint: 'Use 1–30 characters: a lowercase letter, then lowercase letters, digits or `_`.' },
    )
  }
  if (options.applicationRole !== undefined) {
    if (options.superuser) {
      throw new DbsafeError(
        'DBSAFE_CONFIG_INVALID',
        'superuser and applicationRole cannot be combined: files connect either as the admin role or as the application role.',
        {
          hint: 'Remove one of them; applicationRole keeps least privilege and runs files as your application role.',
        },
      )
    }
    if (typeof options.applicationRole !== 'string' || options.applicationRole.length === 0) {
      throw new DbsafeError(
        'DBSAFE_CONFIG_INVALID',
        `applicationRole must be the name of a role, got ${JSON.stringify(options.applicationRole)}.`,
        { hint: "Set it to the role your application connects as, e.g. 'app_user'." },
      )
    }
  }
  const usesFunction = typeof options.migrations === 'function' || typeof options.seed === 'function'
  if (usesFunction && !options.templateInputs?.length) {
    throw new DbsafeError(
      'DBSAFE_CONFIG_INVALID',
      'The migrations or seed are a function, so dbsafe cannot tell when the template is out of date.',
      {
        hint: "Set `templateInputs` to globs of the files the function reads, e.g. ['migrations/**', 'src/db/schema.ts'].",
      },
    )
  }
  if (
    options.warmDatabases !== undefined &&
    !(Number.isInteger(options.warmDatabases) && options.warmDatabases >= 0)
  ) {
    throw new DbsafeError(
      'DBSAFE_CONFIG_INVALID',
      `warmDatabases must be a whole number ≥ 0, got ${options.warmDatabases}.`,
    )
  }
}
