import { createHash } from 'node:crypto'
import type { SpareSeal } from './database-marker'
import type { CommittedChanges, DatabaseObservation } from './database-observation'

/**
 * What a database looked like when dbsafe had finished setting it up (cloned, or adopted as a spare), and its
 * counters when it was last proven pristine with no session on it.
 */
export interface DatabaseBaseline {
  settings: string
  comment: string | null
  statsReset: string | null
  statsEpoch: string | null
  /** Zero for a plain clone (a new oid has no statistics); dbsafe's own setup (e.g. revoked grants) may add some. */
  changes: CommittedChanges
  /** `xact_commit` when last proven pristine. */
  commits: number
  /** `sessions` when last proven pristine. */
  sessions: number
}

/** Whether a database may be handed on (or kept as a spare) as pristine; when not, why. */
export type PristineVerdict =
  | {
      pristine: true
      /** The last observation of the proof. */
      after: DatabaseObservation
      /** Its committed-change counters (unchanged since the baseline). */
      changes: CommittedChanges
      /** The baseline for the next proof: the same, with the counters of `after`. */
      next: DatabaseBaseline
    }
  /** `committed`: evidence that something was committed or changed, as opposed to a proof that could not be made. */
  | { pristine: false; committed: boolean; reason: string }

type Refusal = Extract<PristineVerdict, { pristine: false }>

const unproven = (reason: string): Refusal => ({ pristine: false, committed: false, reason })
const changed = (reason: string): Refusal => ({ pristine: false, committed: true, reason })

/** The baseline of a database as observed right after dbsafe set it up (no session on it). */
export function baselineOf(observation: DatabaseObservation, changes: CommittedChanges): DatabaseBaseline {
  const { settings, comment, statsReset, statsEpoch, commits, sessions } = observation
  return { settings, comment, statsReset, statsEpoch, changes: { ...changes }, commits, sessions }
}

/**
 * The quick judgement, from one observation made once no session was left (see `provePristine`): a refusal, a
 * proof, or undefined when the statistics alone cannot tell (some session committed a transaction of its own,
 * maybe one that only read) and the committed-change counters must be read ({@link judgeCounted}).
 *
 * The proof: every client session adds exactly one to `sessions` and one to `xact_commit` (the transaction of
 * its start), both flushed before it leaves `pg_stat_activity`; rolled-back transactions add nothing to
 * `xact_commit`; autovacuum and other non-client processes only ever add commits. So when `xact_commit` grew by
 * exactly as much as `sessions` since the baseline, no session committed anything.
 */
export function judgeQuiet(
  baseline: DatabaseBaseline,
  observed: DatabaseObservation,
): PristineVerdict | undefined {
  const refusal = refuse(baseline, observed)
  if (refusal) return refusal
  const commits = observed.commits - baseline.commits
  const sessions = observed.sessions - baseline.sessions
  if (commits < sessions) return unproven('its statistics do not add up (fewer commits than sessions)')
  if (commits > sessions) return undefined
  return proven(baseline, observed, baseline.changes)
}

/**
 * The counted judgement: `quiet` was observed once no session was left, `changes` read by the proof's own session,
 * `after` observed once that session had ended (and after a separate check that no session was on it). Exactly
 * one session, the proof's, may have come between (so none could commit unseen meanwhile); only committed
 * transactions add to the counters, which must be the baseline's.
 */
export function judgeCounted(
  baseline: DatabaseBaseline,
  quiet: DatabaseObservation,
  changes: CommittedChanges,
  after: DatabaseObservation,
): PristineVerdict {
  const refusal = refuse(baseline, after)
  if (refusal) return refusal
  if (after.sessions !== quiet.sessions + 1)
    return unproven('another session connected while it was being checked')
  if (changes.analyzed !== baseline.changes.analyzed) return changed('ANALYZE ran in it')
  if (changes.modified !== baseline.changes.modified)
    return changed(`${changes.modified - baseline.changes.modified} row(s) changed by committed transactions`)
  return proven(baseline, after, changes)
}

/** What refuses a database whatever its counters say: statistics lost or reset, a session on it, settings changed. */
function refuse(baseline: DatabaseBaseline, observed: DatabaseObservation): Refusal | undefined {
  if (observed.statsEpoch !== baseline.statsEpoch)
    return unproven('the server discarded its statistics (crash recovery or pg_stat_reset_shared)')
  if (observed.statsReset !== baseline.statsReset) return changed('its statistics were reset')
  if (observed.connected > 0) return unproven('a session connected to it while it was being checked')
  if (observed.settings !== baseline.settings) return changed('its database-level settings changed')
  if (observed.comment !== baseline.comment) return changed('its comment changed')
  return undefined
}

function proven(
  baseline: DatabaseBaseline,
  after: DatabaseObservation,
  changes: CommittedChanges,
): PristineVerdict {
  return {
    pristine: true,
    after,
    changes,
    next: { ...baseline, commits: after.commits, sessions: after.sessions },
  }
}

/** SHA-256 (hex) of database-level settings, as stored in a spare's seal. */
export function settingsDigest(settings: string): string {
  return createHash('sha256').update(settings).digest('hex')
}

/** The seal of a spare, from its observation right after `ALLOW_CONNECTIONS false` and the proof's counters. */
export function sealOf(observation: DatabaseObservation, changes: CommittedChanges): SpareSeal {
  return {
    settings: settingsDigest(observation.settings),
    sessions: observation.sessions,
    statsReset: observation.statsReset,
    changes: { modified: changes.modified, analyzed: changes.analyzed },
  }
}

/**
 * Whether a sealed spare is still exactly as sealed: same settings (still sealed), no session opened on it since,
 * statistics neither reset nor lost (a crash discards them, and its session count then differs), none connected.
 */
export function sealHolds(seal: SpareSeal, observation: DatabaseObservation): boolean {
  return (
    observation.connected === 0 &&
    settingsDigest(observation.settings) === seal.settings &&
    observation.sessions === seal.sessions &&
    observation.statsReset === seal.statsReset
  )
}
