import { DEFAULT_ISOLATION, type FileAnalysis, type Isolation } from '@dbsafe/core'

/**
 * Clients that talk through node-postgres, whose connections the worker runtime can pin inside a
 * per-test transaction. Any other client (postgres.js, @neondatabase/serverless, Prisma's engine)
 * opens connections the runtime cannot reach.
 */
const PG_BASED_CLIENTS: ReadonlySet<string> = new Set([
  'pg',
  'pg-pool',
  'knex',
  'kysely',
  'drizzle-orm',
  'typeorm',
  'sequelize',
  'slonik',
  'pg-promise',
  // Prisma 7 on `@prisma/adapter-pg`: queries go through node-postgres, not Prisma's engine.
  '@prisma/adapter-pg',
])

function isPgBased(client: string): boolean {
  return PG_BASED_CLIENTS.has(client) || client.startsWith('@mikro-orm/')
}

/**
 * Whether every client of a file can be wrapped in a transaction per test: at least one client was recognised,
 * and all of them are node-postgres based. An empty list means the analyzer recognised none (`[].every` would be
 * true), so nothing says the runtime can reach the file's connections.
 */
export function canWrapInTransaction(clients: readonly string[]): boolean {
  return clients.length > 0 && clients.every(isPgBased)
}

/**
 * The isolation a file gets: the level's default, except that an `isolated-writes` file whose clients cannot all
 * be wrapped in a transaction (an unrecognised client, or one outside node-postgres) gets its own database reset
 * before it instead.
 */
export function isolationFor(analysis: Pick<FileAnalysis, 'level' | 'clients'>): Isolation {
  if (analysis.level === 'isolated-writes' && !canWrapInTransaction(analysis.clients)) return 'reset-per-file'
  return DEFAULT_ISOLATION[analysis.level]
}
