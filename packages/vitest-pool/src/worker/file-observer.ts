import {
  addEvidence,
  type DbsafeObservation,
  EFFECT_LEVEL,
  type EffectKind,
  emptyObservation,
  keepsEvidence,
} from '@dbsafe/core'
import { describeStatement, evidenceSite } from './call-site'
import { statementEffect } from './statement-effect'

/** Frames kept for an evidence stack: enough to get past library code to the project's frames. */
const STACK_FRAMES = 24

/** What an evidence line says after the statement, by kind. */
const NOTE: Partial<Record<EffectKind, string>> = {
  'committed-write': ' (outside any test: committed, never rolled back)',
}

/**
 * What one test file does on its database, as its node-postgres clients send it: every statement judged by
 * {@link statementEffect} (cached per text), counted by kind, the strongest kept as evidence with its call site.
 * A stack is captured only for evidence that is kept, so the cost per statement is a map lookup and a few
 * comparisons. `pendingSite` is the call site `pool.query` saw for a text (its own query runs later, from pg-pool).
 */
export class FileObserver {
  readonly #root: string
  readonly #file: string
  readonly #observation = emptyObservation()
  readonly #poolSites = new Map<string, string>()

  /** `root`: the project root; `file`: the test file, root-relative. */
  constructor(root: string, file: string) {
    this.#root = root
    this.#file = file
  }

  /** A statement an application client sent; `inTest`: inside a test (and its each-hooks), so rolled back at `isolated-writes`. */
  statement(text: string, inTest: boolean): void {
    const effect = statementEffect(text)
    if (!effect) return
    const kind: EffectKind = effect.kind === 'write' && !inTest ? 'committed-write' : effect.kind
    this.#record(kind, effect.statement, () => this.#poolSites.get(text) ?? this.#site())
  }

  /** `pool.query(text)` was called: remembers the caller's site, should the statement (sent later) be kept as evidence. */
  poolQuery(text: string, inTest: boolean): void {
    const effect = statementEffect(text)
    if (!effect) return
    const kind: EffectKind = effect.kind === 'write' && !inTest ? 'committed-write' : effect.kind
    if (
      !keepsEvidence(this.#observation, {
        level: EFFECT_LEVEL[kind],
        kind,
        text: this.#text(kind, effect.statement),
      })
    )
      return
    const site = this.#site()
    if (site) {
      if (this.#poolSites.size >= 100) this.#poolSites.clear()
      this.#poolSites.set(text, site)
    }
  }

  /** A file at `none` tried to connect (and maybe to send `text`): refused, so what it would have done next is unknown. */
  connectAttempt(text: string | undefined): void {
    this.#observation.cutShort = true
    this.#record('connect', 'opened a PostgreSQL connection', () => this.#site())
    const effect = text === undefined ? undefined : statementEffect(text)
    if (effect) this.#record(effect.kind, effect.statement, () => this.#site())
  }

  /** The most connections the file held at once (connection tracking, at the end of the file). */
  heldAtMost(connections: number): void {
    if (connections > 0) this.#observation.maxConnections = connections
  }

  /** What the file did so far. */
  snapshot(): DbsafeObservation {
    return structuredClone(this.#observation)
  }

  #record(kind: EffectKind, statement: string, site: () => string | undefined): void {
    const observation = this.#observation
    observation.counts[kind] = (observation.counts[kind] ?? 0) + 1
    const level = EFFECT_LEVEL[kind]
    const text = this.#text(kind, statement)
    if (!keepsEvidence(observation, { level, kind, text })) return
    const at = site()
    addEvidence(observation, { level, kind, text, source: 'client', ...(at ? { at } : {}) })
  }

  #text(kind: EffectKind, statement: string): string {
    return `${describeStatement(statement, 120)}${NOTE[kind] ?? ''}`
  }

  #site(): string | undefined {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = STACK_FRAMES
    const stack = new Error().stack
    Error.stackTraceLimit = limit
    return evidenceSite(stack, this.#root, this.#file)
  }
}
