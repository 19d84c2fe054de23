import type pg from 'pg'
import { quoteIdentifier, quoteLiteral } from '../server/sql-quote'
import { type CloneStrategy, cloneStatements } from './clone-strategy'

/** Where and how to clone. */
export interface CloneTarget {
  template: string
  strategy: CloneStrategy
  versionNum: number
}

/**
 * Clones the template into `name`, writes `comment` (dbsafe's marker) on it, and takes CONNECT from PUBLIC:
 * only its owner (the admin, or the role of the file it is leased to) and roles granted CONNECT may log in,
 * so no file's role can reach another file's database.
 */
export async function cloneDatabase(
  client: pg.ClientBase,
  name: string,
  target: CloneTarget,
  comment: string,
): Promise<void> {
  for (const statement of cloneStatements(
    quoteIdentifier(name),
    quoteIdentifier(target.template),
    target.strategy,
    target.versionNum,
  )) {
    await client.query(statement)
  }
  await client.query(
    `COMMENT ON DATABASE ${quoteIdentifier(name)} IS ${quoteLiteral(comment)};\nREVOKE CONNECT ON DATABASE ${quoteIdentifier(name)} FROM PUBLIC`,
  )
}

/** Drops a database, ending its sessions (`WITH (FORCE)`, PostgreSQL 13+). No error when it is gone. */
export async function dropDatabase(client: pg.ClientBase, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`)
}
