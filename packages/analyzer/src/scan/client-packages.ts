/** Database client packages recognised by name (prefix match for scoped families). */
const CLIENT_PACKAGES = [
  'pg',
  'pg-pool',
  'postgres',
  '@neondatabase/serverless',
  '@vercel/postgres',
  'knex',
  'kysely',
  'drizzle-orm',
  '@prisma/client',
  '.prisma/client',
  '@prisma/adapter-pg',
  '@prisma/adapter-neon',
  'typeorm',
  'sequelize',
  'sequelize-typescript',
  '@sequelize/core',
  '@mikro-orm/',
  'slonik',
  'pg-promise',
] as const

/**
 * Packages published under another name than the one the contract gives their library: Prisma's generated client,
 * and Sequelize v7, whose `Sequelize` class is `@sequelize/core` (the dialect comes from `@sequelize/postgres`).
 */
const RENAMED: Readonly<Record<string, string>> = {
  '.prisma/client': '@prisma/client',
  '@sequelize/core': 'sequelize',
}

/** The client package a bare specifier belongs to (`drizzle-orm/node-postgres` → `drizzle-orm`), if any. */
export function clientPackageOf(specifier: string): string | undefined {
  for (const name of CLIENT_PACKAGES) {
    if (name.endsWith('/')) {
      if (specifier.startsWith(name)) return specifier.split('/').slice(0, 2).join('/')
    } else if (specifier === name || specifier.startsWith(`${name}/`)) {
      return RENAMED[name] ?? name
    }
  }
  return undefined
}

/** Names that build a client when called or constructed, per package. `*` means the default import itself. */
const CREATORS: Readonly<Record<string, readonly string[]>> = {
  pg: ['Pool', 'Client', '*'],
  'pg-pool': ['*'],
  postgres: ['*'],
  '@neondatabase/serverless': ['neon', 'Pool', 'Client'],
  '@vercel/postgres': ['createPool', 'createClient', 'sql'],
  knex: ['*', 'knex', 'Knex'],
  kysely: ['Kysely'],
  'drizzle-orm': ['drizzle'],
  '@prisma/client': ['PrismaClient'],
  '@prisma/adapter-pg': ['PrismaPg'],
  '@prisma/adapter-neon': ['PrismaNeon'],
  typeorm: ['DataSource', 'createConnection'],
  sequelize: ['Sequelize', '*'],
  'sequelize-typescript': ['Sequelize'],
  slonik: ['createPool'],
  'pg-promise': ['*'],
}

/** Whether calling or constructing `name` (imported as `imported` from `client`) builds a client. */
export function isClientCreator(client: string, imported: string, member: string | undefined): boolean {
  if (client.startsWith('@mikro-orm/')) return imported === 'MikroORM' || member === 'init'
  const creators = CREATORS[client] ?? []
  if (member !== undefined) return creators.includes(member)
  return (
    creators.includes(imported) || ((imported === 'default' || imported === '*') && creators.includes('*'))
  )
}

/** Drivers an ORM entry point creates itself (`drizzle(url)` from `drizzle-orm/postgres-js` opens postgres.js). */
const DRIVERS: Readonly<Record<string, string>> = {
  'drizzle-orm/node-postgres': 'pg',
  'drizzle-orm/postgres-js': 'postgres',
  'drizzle-orm/neon-http': '@neondatabase/serverless',
  'drizzle-orm/neon-serverless': '@neondatabase/serverless',
  'drizzle-orm/vercel-postgres': '@vercel/postgres',
  // Prisma 7 driver adapters: the client's queries go through the driver, not Prisma's engine.
  '@prisma/adapter-pg': 'pg',
  '@prisma/adapter-neon': '@neondatabase/serverless',
}

/** Driver adapters that replace Prisma's engine: with one in reach, `@prisma/client` opens no connection itself. */
export const PRISMA_ADAPTERS: ReadonlySet<string> = new Set(['@prisma/adapter-pg', '@prisma/adapter-neon'])

/** The driver package behind an ORM entry point, when the entry point fixes it. */
export function driverOf(specifier: string): string | undefined {
  return DRIVERS[specifier]
}
