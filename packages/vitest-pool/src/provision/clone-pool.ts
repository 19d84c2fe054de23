import { performance } from 'node:perf_hooks'
import { debuglog } from 'node:util'
import { DbsafeError, isDbsafeError, redactConnectionString, withDatabase } from '@dbsafe/core'
import type pg from 'pg'
import { deadlinesOf } from '../server/admin-connections'
import { isConnectionError } from '../server/connection-errors'
import { quoteIdentifier, quoteLiteral } from '../server/sql-quote'
import { withClient } from '../server/with-client'
import { withCredentials } from '../server/with-credentials'
import type { CloneCalibration, CloneStrategyTuner } from '../template/clone-strategy-tuner'
import { cloneDatabase, dropDatabase } from '../template/database-copies'
import type { CircuitBreaker } from './circuit-breaker'
import { type DatabaseRole, formatRunMarker, runDatabaseName } from './database-marker'
import { type CommittedChanges, PROOF_MIN_VERSION_NUM } from './database-observation'
import { dropAfterExit } from './drop-after-exit'
import { dropRunDatabases } from './drop-run-databases'
import { dropRunRoles } from './drop-run-roles'
import { leaseAccess } from './lease-access'
import { grantLease, revokeLease } from './lease-roles'
import { LoginRolePool } from './login-role-pool'
import { provePristine, readBaseline } from './pristine-proof'
import type { DatabaseBaseline, PristineVerdict } from './pristine-verdict'
import type { LeasedDatabase, LeaseKind, LeaseOptions } from './provisioner'
import { createReader, lockDownReadOnly } from './read-only-access'
import { formatRunRoleMarker, runRoleName } from './role-marker'
import { claimSpare, dropEach, findSpares, type Spare, sealSpare } from './spare-databases'
import { templateBuild } from './template-build'

const debug = debuglog('dbsafe')

/** Options of {@link ClonePool}. */
export interface ClonePoolOptions {
  pool: pg.Pool
  adminUrl: string
  databasePrefix: string
  runId: string
  runKey: number
  /** The template to clone from (built or reused on first call) and the tuner that picks each clone's strategy. */
  target: () => Promise<{ template: string; versionNum: number; tuner: CloneStrategyTuner }>
  /** Called once when the tuner has chosen the strategy, to store it beside the template. */
  onCalibrated: (calibration: CloneCalibration) => Promise<void>
  warmDatabases: number
  /** Leave pristine databases as spares of their template at close, and adopt the template's spares first. */
  keepSpares: boolean
  /** At close, hand the drops of used databases to a detached process instead of waiting for them. */
  dropAfterExit: boolean
  /**
   * At close, leave used databases and the run's login roles to the next run's reaper instead of dropping them:
   * the server stops right after (dbsafe's own embedded cluster), and each `DROP DATABASE` forces a checkpoint.
   * Spares are sealed all the same. Never for a user's server.
   */
  leaveToReaper: boolean
  /** Called when a lease is given back (the provisioner starts a deferred reaper then). Default: nothing. */
  onRelease?: () => void
  keepFailed: boolean
  /**
   * Present when the templates are owned by roles of their own (the admin is a superuser, see ensureTemplate's
   * `owned`): the read-only database is made read-only by privilege, and unless `files` is `admin` (the
   * `superuser` opt-in) each lease connects as a login role that owns its database, read-only files as the
   * run's reader. Absent: everything connects as the admin role.
   */
  roles?: {
    files: 'own' | 'admin'
    /** The application's role sessions start as (`SET role`), where the level allows it (see leaseAccess). */
    applicationRole?: string
  }
  breaker: CircuitBreaker
  /** Checks that the server answers again (for a half-open circuit). */
  probe: () => Promise<void>
  log: (message: string) => void
}

/** What a spare's seal records of the proof made at the close (see sealSpare). */
interface SpareProof {
  sessions: number
  changes: CommittedChanges
}

/**
 * How long a clean release waits for the file's sessions to end before it gives up the proof (and resets the
 * database): a pinned connection is usually gone before the release, a leaked one never ends by itself.
 */
const RELEASE_SESSIONS_GONE_MS = 1_000
/** The same at the close (where a spare is only a saving), so a leaked session delays Ctrl-C little. */
const CLOSE_SESSIONS_GONE_MS = 250

/** Used databases left waiting for the run's close before the oldest is dropped right away. */
const MAX_DEFERRED_DROPS = 16

/**
 * The run's databases: a warm pool of ready clones refilled in the background, clean worker databases kept for
 * reuse, dirty and fresh ones dropped in the background, the shared read-only database, and a circuit breaker
 * in front of every server round trip. Used databases are dropped when the run closes. With `keepSpares`, the pristine ones outlive the run as spares of their
 * template, and the next run adopts them before it clones anything.
 */
export class ClonePool {
  readonly #options: ClonePoolOptions
  /** Pristine clones, ready to lease. */
  readonly #ready: string[] = []
  /** Worker databases released clean: reused as they are. */
  readonly #reusable: string[] = []
  /** Every database this run created and has not dropped or kept. */
  readonly #owned = new Set<string>()
  /** Used databases waiting for their drop, oldest first (see {@link MAX_DEFERRED_DROPS}). */
  readonly #deferredDrops: string[] = []
  readonly #background = new Set<Promise<unknown>>()
  #sequence = 0
  /** Bumped by {@link retire}: databases cloned in an earlier generation are never handed out again. */
  #generation = 0
  #refilling = 0
  #closing = false
  #readOnly: Promise<{ name: string; url: string }> | undefined
  /** The drop of the read-only database of a retired template (it has the same name as its successor). */
  #retiredReadOnly: Promise<void> = Promise.resolve()
  /** The template each database of the run was copied from (its objects belong to that template's owner role). */
  readonly #templateOf = new Map<string, string>()
  #roleSequence = 0
  /** Login roles made ahead of the leases (with roles of their own). */
  readonly #loginRoles: LoginRolePool
  /** The template's spares not yet taken over (see #adoptSpare). */
  #spares: Promise<Spare[]> | undefined
  /** The identity of the template build in use (see templateBuild); reset by {@link retire}. */
  #build: Promise<string | undefined> | undefined
  /** What each database looked like once dbsafe had set it up: the reference of every pristine proof. */
  readonly #baselines = new Map<string, DatabaseBaseline>()

  constructor(options: ClonePoolOptions) {
    this.#options = options
    this.#loginRoles = new LoginRolePool({
      size: options.warmDatabases,
      nextName: () => runRoleName(options.databasePrefix, options.runId, ++this.#roleSequence),
      marker: () => formatRunRoleMarker(options, '', 'owner'),
      run: (doing, work) => this.#guard(doing, work),
    })
  }

  /** Pristine clones ready in the warm pool. */
  get readyCount(): number {
    return this.#ready.length
  }

  /** Databases created and not yet dropped (for tests and reports). */
  get ownedDatabases(): readonly string[] {
    return [...this.#owned]
  }

  async lease(kind: LeaseKind, options: LeaseOptions = {}): Promise<LeasedDatabase> {
    const started = performance.now()
    const generation = this.#generation
    await this.#admit()
    const name = (kind === 'worker' ? this.#reusable.pop() : undefined) ?? (await this.#takePristine())
    this.#refill()
    const access = await this.#grantLease(name, options).catch((error: unknown) => {
      this.#deferDrop(name)
      throw error
    })
    let released = false
    return {
      name,
      url: access.url,
      ...(access.role === undefined ? {} : { role: access.role }),
      provisionMs: performance.now() - started,
      release: async (state) => {
        if (released) {
          throw new DbsafeError('DBSAFE_PROVISION_FAILED', `The database ${name} was released twice.`, {
            hint: 'Call release() once per lease.',
          })
        }
        released = true
        this.#options.onRelease?.()
        if (state === 'keep' && this.#options.keepFailed) return this.#keep(name)
        if (
          state === 'clean' &&
          kind === 'worker' &&
          !this.#closing &&
          generation === this.#generation &&
          // The admin owns every pristine copy: the lease's role goes first (it cannot if it still owns something).
          (await this.#revokeLease(name, access.role))
        ) {
          // Only with proof that nothing was committed in it (see provePristine); otherwise it is reset.
          const verdict = await this.#prove(name)
          if (verdict.pristine && !this.#closing && generation === this.#generation) {
            this.#reusable.push(name)
            return
          }
          if (!verdict.pristine) debug('%s was released clean but is reset: %s', name, verdict.reason)
        }
        // A copy of a retired template goes at once; a used one waits for the close (see #deferDrop).
        if (generation !== this.#generation) return this.#inBackground(this.#drop(name))
        this.#deferDrop(name)
        this.#refill()
      },
    }
  }

  /** The run's one read-only database, adopted from a spare or created on first use; sessions default to read-only. */
  readOnlyDatabase(): Promise<{ name: string; url: string }> {
    this.#readOnly ??= this.#retiredReadOnly
      .then(() => this.#adoptSpare('read-only'))
      .then(async (adopted) => {
        const name =
          adopted ?? runDatabaseName(this.#options.databasePrefix, this.#options.runId, 'read-only', 0)
        if (!adopted) {
          await this.#guard('create the read-only database', (client) =>
            this.#cloneInto(client, name, 'read-only'),
          )
        }
        return { name, url: await this.#readerUrl(name) }
      })
      .catch((error: unknown) => {
        this.#readOnly = undefined
        throw error
      })
    return this.#readOnly
  }

  /**
   * Forgets every clone of the template in use (its target changed): warm and reusable clones and the read-only
   * database are dropped in the background, clones still in flight are dropped when done, leased ones are dropped
   * on release. The next lease clones the new target.
   */
  retire(): void {
    this.#generation++
    this.#spares = undefined
    this.#build = undefined
    const stale = [...this.#ready.splice(0), ...this.#reusable.splice(0)]
    const readOnly = this.#readOnly
    this.#readOnly = undefined
    for (const name of stale) this.#inBackground(this.#drop(name))
    if (!readOnly) return
    this.#retiredReadOnly = readOnly.then(({ name }) => this.#drop(name)).catch(() => {})
    this.#inBackground(this.#retiredReadOnly)
  }

  /**
   * Stops refilling, waits for background work, then leaves the pristine databases as spares (with
   * `keepSpares`) and drops every other database the run still owns, side by side, or after this process
   * has exited (with `dropAfterExit`), or leaves them to the next run's reaper (with `leaveToReaper`: they
   * keep this run's marker, and its liveness lock ends with the server). Never throws. While the circuit is open
   * nothing is touched, so Ctrl-C never waits on a dead server: the next run's reaper drops them, since this
   * run's liveness lock ends with it.
   */
  async close(): Promise<void> {
    this.#closing = true
    await this.#loginRoles.close()
    while (this.#background.size > 0) await Promise.allSettled([...this.#background])
    if (this.#options.breaker.state === 'open') return
    const spares = await this.#pristine()
    const drops: string[] = []
    await Promise.allSettled(
      [...this.#owned].map(async (name) => {
        const spare = spares.get(name)
        const kept =
          spare !== undefined &&
          (await withClient(this.#options.pool, (client) =>
            sealSpare(client, name, spare, spare.proof),
          ).catch(() => false))
        if (kept) this.#owned.delete(name)
        else drops.push(name)
      }),
    )
    for (const name of drops) this.#owned.delete(name)
    if (this.#options.leaveToReaper) return
    const { adminUrl, databasePrefix, runId } = this.#options
    const roles = this.#options.roles?.files === 'own' ? runId : undefined
    if (this.#options.dropAfterExit && dropAfterExit(adminUrl, drops, databasePrefix, roles)) return
    await dropRunDatabases(adminUrl, drops, databasePrefix)
    if (roles !== undefined) {
      await withClient(this.#options.pool, (client) => dropRunRoles(client, databasePrefix, roles)).catch(
        () => {},
      )
    }
  }

  /**
   * The URL a lease connects with: the admin's, or (with roles of their own) that of a new login role that
   * owns the database, with what the level needs (see leaseAccess, grantLease).
   */
  async #grantLease(name: string, options: LeaseOptions): Promise<{ url: string; role?: string }> {
    const url = withDatabase(this.#options.adminUrl, name)
    const roles = this.#options.roles
    if (roles?.files !== 'own') return { url }
    const target = await this.#options.target()
    const access = leaseAccess(options.level, roles.applicationRole)
    const template = this.#templateOf.get(name) ?? target.template
    const role = await this.#loginRoles.take(template)
    await this.#guard('hand a leased database to its role', (client) =>
      grantLease(client, {
        role: role.name,
        database: name,
        access,
        marker: formatRunRoleMarker(this.#options, name, access.access),
        versionNum: target.versionNum,
      }),
    )
    this.#loginRoles.refill(template)
    return { url: withCredentials(url, role.name, role.credential.password), role: role.name }
  }

  /** Gives a database back to the admin and drops its lease's role; false when that failed (it is not pristine). */
  async #revokeLease(name: string, role: string | undefined): Promise<boolean> {
    if (role === undefined) return true
    return this.#guard('take back a leased database', (client) => revokeLease(client, name, role)).then(
      () => true,
      () => false,
    )
  }

  /** The URL of the read-only database: the admin's, or (with roles of their own) that of a new reader role. */
  async #readerUrl(name: string): Promise<string> {
    const url = withDatabase(this.#options.adminUrl, name)
    const roles = this.#options.roles
    if (roles?.files !== 'own') return url
    const template = this.#templateOf.get(name) ?? (await this.#options.target()).template
    const role = runRoleName(this.#options.databasePrefix, this.#options.runId, ++this.#roleSequence)
    const password = await this.#guard('create the role of the read-only files', (client) =>
      createReader(client, {
        role,
        template,
        marker: formatRunRoleMarker(this.#options, name, 'reader'),
        ...(roles.applicationRole === undefined ? {} : { applicationRole: roles.applicationRole }),
      }),
    )
    return withCredentials(url, role, password)
  }

  /**
   * What may outlive the run as a spare: the warm pool, clean worker databases, and the read-only database, each
   * only if proven pristine (see provePristine: nothing committed, settings exactly dbsafe's), which needs
   * PostgreSQL 15+. Each comes with what its seal needs.
   */
  async #pristine(): Promise<
    Map<string, { template: string; build: string; role: DatabaseRole; proof: SpareProof }>
  > {
    const spares = new Map<
      string,
      { template: string; build: string; role: DatabaseRole; proof: SpareProof }
    >()
    if (!this.#options.keepSpares) return spares
    const target = await this.#options.target().catch(() => undefined)
    const build = await this.#templateBuild()
    if (!target || build === undefined || target.versionNum < PROOF_MIN_VERSION_NUM) return spares
    const candidates: [string, DatabaseRole][] = [...this.#ready, ...this.#reusable].map((name) => [
      name,
      'clone',
    ])
    const readOnly = await this.#readOnly?.catch(() => undefined)
    if (readOnly) candidates.push([readOnly.name, 'read-only'])
    await Promise.all(
      candidates.map(async ([name, role]) => {
        const verdict = await this.#prove(name, CLOSE_SESSIONS_GONE_MS)
        if (verdict.pristine)
          spares.set(name, {
            template: target.template,
            build,
            role,
            proof: { sessions: verdict.after.sessions, changes: verdict.changes },
          })
        else debug('%s is not kept as a spare: %s', name, verdict.reason)
      }),
    )
    return spares
  }

  /**
   * Proves `name` pristine against its baseline (see provePristine), waiting up to `sessionsGoneTimeoutMs` for
   * the sessions still on it to end. Never throws: a failed check proves nothing.
   */
  async #prove(name: string, sessionsGoneTimeoutMs = RELEASE_SESSIONS_GONE_MS): Promise<PristineVerdict> {
    const baseline = this.#baselines.get(name)
    if (!baseline) {
      return {
        pristine: false,
        committed: false,
        reason: `no baseline to compare with (PostgreSQL before ${PROOF_MIN_VERSION_NUM / 10_000} has none)`,
      }
    }
    const { pool, adminUrl } = this.#options
    const verdict = await provePristine({ pool, adminUrl, name, baseline, sessionsGoneTimeoutMs }).catch(
      (error: unknown): PristineVerdict => ({
        pristine: false,
        committed: false,
        reason: `the check failed: ${(error as Error)?.message ?? String(error)}`,
      }),
    )
    if (verdict.pristine && this.#baselines.get(name) === baseline) this.#baselines.set(name, verdict.next)
    return verdict
  }

  /**
   * Records what `name` looks like now that dbsafe has set it up (nothing to record before PostgreSQL 15).
   * `changes`: its committed-change counters when known (an adopted spare's seal); read otherwise.
   */
  async #recordBaseline(
    client: pg.ClientBase,
    name: string,
    versionNum: number,
    changes?: CommittedChanges,
  ): Promise<void> {
    if (versionNum < PROOF_MIN_VERSION_NUM) return
    const { pool, adminUrl } = this.#options
    const baseline = await readBaseline(client, pool, adminUrl, name, changes)
    if (baseline) this.#baselines.set(name, baseline)
  }

  /** The identity of the current template build, read once per template (see templateBuild). */
  #templateBuild(): Promise<string | undefined> {
    this.#build ??= this.#options
      .target()
      .then(({ template }) => withClient(this.#options.pool, (client) => templateBuild(client, template)))
      .catch(() => {
        this.#build = undefined
        return undefined
      })
    return this.#build
  }

  /**
   * The current template build's spares on the server, found once per template; claimed ones are taken out.
   * Spares of another build (the template was rebuilt) or without a seal are dropped in the background.
   */
  #findSpares(): Promise<Spare[]> {
    if (!this.#options.keepSpares) return Promise.resolve([])
    this.#spares ??= (async () => {
      const { template, versionNum } = await this.#options.target()
      const build = await this.#templateBuild()
      if (build === undefined) return []
      const { adoptable, stale } = await withClient(this.#options.pool, (client) =>
        findSpares(client, this.#options.databasePrefix, template, build),
      )
      if (stale.length > 0)
        this.#inBackground(withClient(this.#options.pool, (client) => dropEach(client, stale)))
      return versionNum >= PROOF_MIN_VERSION_NUM ? adoptable : []
    })().catch(() => [])
    return this.#spares
  }

  /**
   * Takes over the next spare of `role` that earlier runs left of the current template, under a name of this
   * run; undefined when none is left (or the template changed meanwhile). Never throws: a failure only means
   * cloning instead. Spares are taken one at a time, when a database is needed, so the others stay spares.
   */
  async #adoptSpare(role: DatabaseRole): Promise<string | undefined> {
    const generation = this.#generation
    const spares = await this.#findSpares()
    for (;;) {
      const index = spares.findIndex((spare) => spare.role === role)
      if (index < 0) return undefined
      const [spare] = spares.splice(index, 1) as [Spare]
      const name = runDatabaseName(this.#options.databasePrefix, this.#options.runId, role, ++this.#sequence)
      const claimed = await withClient(this.#options.pool, (client) =>
        claimSpare(client, spare, name, this.#marker(role)),
      ).catch(() => 'taken' as const)
      if (claimed === 'rejected') {
        debug('%s is not adopted: it changed since it was sealed as a spare', spare.name)
        this.#inBackground(withClient(this.#options.pool, (client) => dropEach(client, [spare.name])))
      }
      if (claimed !== 'claimed') continue
      this.#owned.add(name)
      this.#templateOf.set(name, (await this.#options.target()).template)
      const { versionNum } = await this.#options.target()
      await withClient(this.#options.pool, (client) =>
        this.#recordBaseline(client, name, versionNum, spare.seal.changes),
      ).catch(() => {})
      if (generation === this.#generation) return name
      this.#inBackground(this.#drop(name))
      return undefined
    }
  }

  async #takePristine(): Promise<string> {
    const ready = this.#ready.shift() ?? (await this.#adoptSpare('clone'))
    if (ready !== undefined) return ready
    return this.#guard('clone the template', (client) => this.#cloneNew(client))
  }

  async #cloneNew(client: pg.ClientBase): Promise<string> {
    const name = runDatabaseName(this.#options.databasePrefix, this.#options.runId, 'clone', ++this.#sequence)
    await this.#cloneInto(client, name, 'clone')
    return name
  }

  /**
   * Clones with the strategy the tuner picks and reports the time back to it. If the server rejects the reflink
   * copy (FILE_COPY_CLONE) while calibrating, that strategy is dropped and the clone retried with the next one.
   */
  async #cloneInto(client: pg.ClientBase, name: string, role: DatabaseRole): Promise<void> {
    const { template, versionNum, tuner } = await this.#options.target()
    this.#owned.add(name)
    this.#templateOf.set(name, template)
    for (;;) {
      const strategy = tuner.next()
      const started = performance.now()
      try {
        await cloneDatabase(client, name, { template, strategy, versionNum }, this.#marker(role))
      } catch (error) {
        // Only the reflink copy depends on the platform and file system; the others always exist.
        if (strategy === 'FILE_COPY_CLONE' && !isConnectionError(error) && tuner.failed(strategy)) continue
        this.#owned.delete(name)
        throw error
      }
      const calibration = tuner.record(strategy, performance.now() - started)
      if (calibration) this.#inBackground(this.#options.onCalibrated(calibration))
      break
    }
    if (role === 'read-only') {
      await client.query(`ALTER DATABASE ${quoteIdentifier(name)} SET default_transaction_read_only = on`)
      // Read-only by privilege too, before the baseline: a spare of it is then adopted as it is.
      if (this.#options.roles)
        await lockDownReadOnly(
          withDatabase(this.#options.adminUrl, name),
          name,
          template,
          deadlinesOf(this.#options.pool),
        )
    }
    await this.#recordBaseline(client, name, versionNum)
  }

  #marker(role: DatabaseRole, keptAt?: string): string {
    return formatRunMarker(this.#options, role, keptAt)
  }

  /**
   * Queues a used database for dropping. A drop is the most expensive thing dbsafe asks of a server with `fsync`
   * on: PostgreSQL checkpoints for it, which stalls every test's queries for hundreds of milliseconds. So drops
   * wait until the run closes, where they run side by side and share their checkpoints; only beyond
   * {@link MAX_DEFERRED_DROPS} waiting databases is the oldest dropped at once, to bound the disk they hold.
   */
  #deferDrop(name: string): void {
    this.#deferredDrops.push(name)
    while (this.#deferredDrops.length > MAX_DEFERRED_DROPS) {
      this.#inBackground(this.#drop(this.#deferredDrops.shift() as string))
    }
  }

  /** Tops the warm pool up to `warmDatabases` in the background (not while the circuit is open). */
  #refill(): void {
    const missing = this.#options.warmDatabases - this.#ready.length - this.#refilling
    const generation = this.#generation
    for (let i = 0; i < missing && !this.#closing && this.#options.breaker.state === 'closed'; i++) {
      this.#refilling++
      this.#inBackground(
        this.#adoptSpare('clone')
          .then((spare) => spare ?? this.#guard('clone the template', (client) => this.#cloneNew(client)))
          .then((name) => {
            if (generation !== this.#generation || (this.#closing && !this.#options.keepSpares)) {
              return this.#drop(name)
            }
            this.#ready.push(name)
          })
          .finally(() => this.#refilling--),
      )
    }
  }

  async #keep(name: string): Promise<void> {
    await this.#guard(`mark ${name} as kept`, (client) =>
      client.query(
        `COMMENT ON DATABASE ${quoteIdentifier(name)} IS ${quoteLiteral(this.#marker('clone', new Date().toISOString()))}`,
      ),
    )
    this.#owned.delete(name)
    this.#baselines.delete(name)
    this.#options.log(
      `dbsafe: kept the database of a failed file for inspection: ${redactConnectionString(withDatabase(this.#options.adminUrl, name))}`,
    )
  }

  async #drop(name: string): Promise<void> {
    await withClient(this.#options.pool, (client) => dropDatabase(client, name))
    this.#owned.delete(name)
    this.#baselines.delete(name)
  }

  #inBackground(work: Promise<unknown>): void {
    const tracked = work.catch(() => {}).finally(() => this.#background.delete(tracked))
    this.#background.add(tracked)
  }

  /** Refuses at once while closing or while the circuit is open; probes the server when it may close. */
  async #admit(): Promise<void> {
    const breaker = this.#options.breaker
    if (this.#closing) {
      throw new DbsafeError(
        'DBSAFE_PROVISION_FAILED',
        'The provisioner is closed; no more databases are handed out.',
      )
    }
    if (breaker.state === 'open') throw this.#circuitOpen()
    if (breaker.state === 'probing') {
      try {
        await this.#options.probe()
      } catch (error) {
        breaker.recordFailure(error)
        throw this.#circuitOpen()
      }
      breaker.recordSuccess()
    }
  }

  /** Runs one server round trip behind the circuit breaker; `doing` completes "Could not …" in errors. */
  async #guard<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const breaker = this.#options.breaker
    await this.#admit()
    try {
      const result = await withClient(this.#options.pool, work)
      breaker.recordSuccess()
      return result
    } catch (error) {
      if (isDbsafeError(error)) throw error
      if (!isConnectionError(error)) {
        const sqlState = (error as { code?: unknown }).code
        throw new DbsafeError(
          'DBSAFE_PROVISION_FAILED',
          `Could not ${doing}: ${(error as Error).message}${typeof sqlState === 'string' ? ` (SQLSTATE ${sqlState})` : ''}`,
          {
            cause: error,
            hint: 'If the template was dropped by hand, restart the run; otherwise check the server log for this error.',
          },
        )
      }
      breaker.recordFailure(error)
      if (breaker.state !== 'closed') throw this.#circuitOpen()
      throw new DbsafeError(
        'DBSAFE_SERVER_UNREACHABLE',
        `Lost the connection to PostgreSQL at ${redactConnectionString(this.#options.adminUrl)}: ${(error as Error).message}`,
        { cause: error, hint: 'Check that the server is still running; files fail fast until it is back.' },
      )
    }
  }

  #circuitOpen(): DbsafeError {
    const breaker = this.#options.breaker
    return new DbsafeError(
      'DBSAFE_CIRCUIT_OPEN',
      `PostgreSQL at ${redactConnectionString(this.#options.adminUrl)} failed repeatedly (${(breaker.lastError as Error | undefined)?.message ?? 'connection error'}); dbsafe stopped handing out databases and probes it again in ${Math.max(0, Math.round(breaker.retryInMs))} ms.`,
      {
        cause: breaker.lastError,
        hint: 'Bring the server back (or fix the network); leasing resumes on its own once a probe succeeds.',
      },
    )
  }
}
