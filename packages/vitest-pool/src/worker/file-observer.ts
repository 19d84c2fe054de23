import {
  addEvidence,
  type DbsafeObservation,
  EFFECT_LEVEL,
  type EffectKind,
  emptyObservation,
  keepsEvidence,
  type ObservedEvidence,
} from '@dbsafe/core'
import { describeStatement, evidenceSite } from './call-site'
import { statementEffect } from './statement-effect'

/** Frames kept for an evidence stack: enough to get past library code to the project's frames. */
const STACK_FRAMES = 24

/** What an evidence line says after the statement, by kind. */
const NOTE: Partial<Record<EffectKind, string>> = {
  'committed-write': ' (outside any test: committed, never rolled back)',
}

/** Evidence whose call site is still a captured stack: formatted only if it is still kept at the end. */
type PendingEvidence = ObservedEvidence & { stack?: Error }

/**
 * What one test file does on its database, as its node-postgres clients send it: every statement judged by
 * {@link statementEffect} (cached per text), counted by kind, the strongest kept as evidence with its call site.
 * A stack is captured only for evidence that is kept, and formatted (source maps applied, which is the costly
 * part) only for the evidence still kept when the file ends, so the cost per statement is a map lookup and a few
 * comparisons. `pool.query` gives its caller's stack for the text it sends later from pg-pool.
 */
export class FileObserver {
  readonly #root: string
  readonly #file: string
  readonly #observation = emptyObservation()
  readonly #poolStacks = new Map<string, Error>()

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
    this.#record(kind, effect.statement, () => this.#poolStacks.get(text) ?? captureStack())
  }

  /** `pool.query(text)` was called: keeps the caller's stack, should the statement (sent later) be kept as evidence. */
  poolQuery(text: string, inTest: boolean): void {
    const effect = statementEffect(text)
    if (!effect) return
    const kind: EffectKind = effect.kind === 'write' && !inTest ? 'committed-write' : effect.kind
    const candidate = { level: EFFECT_LEVEL[kind], kind, text: this.#text(kind, effect.statement) }
    if (!keepsEvidence(this.#observation, candidate)) return
    if (this.#poolStacks.size >= 100) this.#poolStacks.clear()
    this.#poolStacks.set(text, captureStack())
  }

  /** A file at `none` tried to connect (and maybe to send `text`): refused, so what it would have done next is unknown. */
  connectAttempt(text: string | undefined): void {
    this.#observation.cutShort = true
    this.#record('connect', 'opened a PostgreSQL connection', captureStack)
    const effect = text === undefined ? undefined : statementEffect(text)
    if (effect) this.#record(effect.kind, effect.statement, captureStack)
  }

  /** The most connections the file held at once (connection tracking, at the end of the file). */
  heldAtMost(connections: number): void {
    if (connections > 0) this.#observation.maxConnections = connections
  }

  /** What the file did so far, its evidence with call sites. */
  snapshot(): DbsafeObservation {
    const evidence = (this.#observation.evidence as PendingEvidence[]).map(({ stack, ...kept }) => {
      const at = stack && evidenceSite(stack.stack, this.#root, this.#file)
      return at ? { ...kept, at } : kept
    })
    return { ...structuredClone({ ...this.#observation, evidence: [] }), evidence }
  }

  #record(kind: EffectKind, statement: string, stack: () => Error): void {
    const observation = this.#observation
    observation.counts[kind] = (observation.counts[kind] ?? 0) + 1
    const level = EFFECT_LEVEL[kind]
    const text = this.#text(kind, statement)
    if (!keepsEvidence(observation, { level, kind, text })) return
    const evidence: PendingEvidence = { level, kind, text, source: 'client', stack: stack() }
    addEvidence(observation, evidence)
  }

  #text(kind: EffectKind, statement: string): string {
    return `${describeStatement(statement, 120)}${NOTE[kind] ?? ''}`
  }
}

/** The current stack, captured cheaply: frames are collected now, formatted only when `.stack` is read. */
function captureStack(): Error {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = STACK_FRAMES
  const stack = new Error('evidence')
  Error.stackTraceLimit = limit
  return stack
}
