import type pg from 'pg'
import { createLoginRole } from './lease-roles'
import { newRoleCredential, type RoleCredential } from './role-password'

/** A login role made ahead of a lease (see createLoginRole). */
export interface ReadyRole {
  name: string
  credential: RoleCredential
}

/** Options of {@link LoginRolePool}. */
export interface LoginRolePoolOptions {
  /** Roles kept ready (the warm pool's size): 0 makes each one when a lease asks. */
  size: number
  /** The next role name of the run. */
  nextName: () => string
  /** The marker of a role not leased yet. */
  marker: () => string
  /** Runs one server round trip (the clone pool's circuit breaker); `doing` completes "Could not …" in errors. */
  run: <T>(doing: string, work: (client: pg.ClientBase) => Promise<T>) => Promise<T>
}

/**
 * Login roles made ahead of the leases that will use them, per template, refilled in the background, so a
 * lease only hands its database to one (ALTER DATABASE … OWNER, under a millisecond) instead of creating it.
 * Unused ones are dropped with the run's other roles when it closes.
 */
export class LoginRolePool {
  readonly #options: LoginRolePoolOptions
  readonly #ready = new Map<string, ReadyRole[]>()
  readonly #refilling = new Map<string, number>()
  readonly #background = new Set<Promise<unknown>>()
  #closing = false

  constructor(options: LoginRolePoolOptions) {
    this.#options = options
  }

  /** A ready role of `template`, or one made now when none is. Call {@link refill} once the lease has it. */
  async take(template: string): Promise<ReadyRole> {
    return this.#ready.get(template)?.shift() ?? (await this.#make(template))
  }

  /** Stops refilling and waits for the roles being made. */
  async close(): Promise<void> {
    this.#closing = true
    while (this.#background.size > 0) await Promise.allSettled([...this.#background])
  }

  async #make(template: string): Promise<ReadyRole> {
    const credential = await newRoleCredential()
    const name = this.#options.nextName()
    await this.#options.run('create a login role', (client) =>
      createLoginRole(client, { role: name, template, credential, marker: this.#options.marker() }),
    )
    return { name, credential }
  }

  /**
   * Tops the ready roles of `template` up in the background. Called after a lease got its role rather than in
   * {@link take}, so making the next one (PBKDF2, CREATE ROLE) does not compete with the lease in progress.
   */
  refill(template: string): void {
    const ready = this.#ready.get(template) ?? []
    this.#ready.set(template, ready)
    const missing = this.#options.size - ready.length - (this.#refilling.get(template) ?? 0)
    for (let i = 0; i < missing && !this.#closing; i++) {
      this.#refilling.set(template, (this.#refilling.get(template) ?? 0) + 1)
      const work = this.#make(template)
        .then((role) => {
          ready.push(role)
        })
        .catch(() => {})
        .finally(() => {
          this.#refilling.set(template, (this.#refilling.get(template) ?? 1) - 1)
          this.#background.delete(work)
        })
      this.#background.add(work)
    }
  }
}
