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
])

function isPgBased(client: string): boolean {
  return PG_BASED_CLIENTS.has(client) || client.startsWith('@mikro-orm/')
}

/**
 * The isolation a file gets: the level's default, except that an `isolated-writes` file using a
 * client that cannot be wrapped in a transaction gets its own database reset before it instead.
 */
export function isolationFor(analysis: Pick<FileAnalysis, 'level' | 'clients'>): Isolation {
  if (analysis.level === 'isolated-writes' && !analysis.clients.every(isPgBased)) return 'reset-per-file'
  return DEFAULT_ISOLATION[analysis.level]
}
