import { expect, test } from 'vitest'
import { analyzeProject } from '../../src/index'
import { project } from './temp-project'

async function analysed(files: Record<string, string>) {
  const root = project(files)
  const manifest = await analyzeProject({ root, files: ['a.test.ts'], cache: false })
  return manifest.files[0]!
}

const testOf = (setup: string, body: string) =>
  `import { beforeAll, test } from 'vitest'\n${setup}\nbeforeAll(async () => {\n  ${body}\n})\ntest('x', () => {})\n`

/** Each row builds a client provably set up for another engine and runs DDL on it: no PostgreSQL evidence. */
const OTHER_ENGINE_ROWS: Record<string, [string, string]> = {
  "knex({ client: 'better-sqlite3' })": [
    "import knex from 'knex'\nconst db = knex({ client: 'better-sqlite3', connection: { filename: ':memory:' } })",
    "await db.schema.createTable('gadgets', (t) => t.increments())",
  ],
  "knex(config) with config.client 'mysql2' in a constant": [
    "import knex from 'knex'\nconst config = { client: 'mysql2', connection: { host: 'localhost' } }\nconst db = knex(config)",
    "await db.raw('DROP DATABASE IF EXISTS shop')",
  ],
  'new Kysely({ dialect: new SqliteDialect(…) })': [
    "import Database from 'better-sqlite3'\nimport { Kysely, SqliteDialect } from 'kysely'\nconst db = new Kysely({ dialect: new SqliteDialect({ database: new Database(':memory:') }) })",
    "await db.schema.createTable('gadgets').execute()",
  ],
  'new Kysely({ dialect: new MysqlDialect(…) })': [
    "import { Kysely, MysqlDialect } from 'kysely'\nimport { createPool } from 'mysql2'\nconst db = new Kysely({ dialect: new MysqlDialect({ pool: createPool({}) }) })",
    "await db.deleteFrom('gadgets').execute()",
  ],
  'drizzle() of drizzle-orm/better-sqlite3': [
    "import Database from 'better-sqlite3'\nimport { drizzle } from 'drizzle-orm/better-sqlite3'\nconst handle = new Database(':memory:')\nconst db = drizzle(handle)",
    "handle.exec('CREATE TABLE gadgets (id INTEGER PRIMARY KEY)')",
  ],
  'drizzle() of drizzle-orm/mysql2 on a mysql2 pool': [
    "import { drizzle } from 'drizzle-orm/mysql2'\nimport { createPool } from 'mysql2/promise'\nconst pool = createPool({ uri: 'mysql://localhost/shop' })\nconst db = drizzle(pool)",
    "await pool.query('DROP DATABASE IF EXISTS shop')",
  ],
  "new Sequelize({ dialect: 'sqlite' })": [
    "import { Sequelize } from 'sequelize'\nconst orm = new Sequelize({ dialect: 'sqlite', storage: ':memory:' })",
    'await orm.sync({ force: true })',
  ],
  "new Sequelize('mysql://…')": [
    "import { Sequelize } from 'sequelize'\nconst orm = new Sequelize('mysql://localhost/shop')",
    'await orm.sync({ force: true })',
  ],
  "new DataSource({ type: 'sqlite' })": [
    "import { DataSource } from 'typeorm'\nconst source = new DataSource({ type: 'sqlite', database: ':memory:', synchronize: true })",
    'await source.initialize(); await source.synchronize()',
  ],
  'new PrismaClient({ adapter: new PrismaBetterSqlite3(…) })': [
    "import { PrismaClient } from '@prisma/client'\nimport { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'\nconst prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: 'file:./dev.db' }) })",
    "await prisma.$executeRawUnsafe('CREATE TABLE gadgets (id int)')",
  ],
  'MikroORM.init() of @mikro-orm/sqlite': [
    "import { MikroORM } from '@mikro-orm/sqlite'\nconst orm = await MikroORM.init({ dbName: ':memory:' })",
    'await orm.schema.refreshDatabase()',
  ],
  'a raw driver: mssql': [
    "import sql from 'mssql'\nconst pool = await sql.connect('Server=localhost')",
    "await pool.request().query('CREATE TABLE gadgets (id int)')",
  ],
  'a raw driver: node:sqlite': [
    "import { DatabaseSync } from 'node:sqlite'\nconst db = new DatabaseSync(':memory:')",
    "db.exec('CREATE VIRTUAL TABLE docs USING fts5(body)')",
  ],
}

test.each(Object.entries(OTHER_ENGINE_ROWS))(
  '%s: its statements are not PostgreSQL evidence (none)',
  async (_, [setup, body]) => {
    const file = await analysed({ 'a.test.ts': testOf(setup, body) })
    expect({ level: file.level, clients: file.clients }).toEqual({ level: 'none', clients: [] })
    expect(file.reasons[0]?.text).toMatch(/client/)
  },
)

test('the deciding reason names the other engine', async () => {
  const file = await analysed({
    'a.test.ts': testOf(...OTHER_ENGINE_ROWS["knex({ client: 'better-sqlite3' })"]!),
  })
  expect(file.reasons[0]?.text).toBe('knex() creates a knex client for SQLite')
})

test('an engine read from a variable or the environment keeps its evidence', async () => {
  const file = await analysed({
    'a.test.ts': testOf(
      "import knex from 'knex'\nconst db = knex({ client: process.env.DB_CLIENT, connection: process.env.DB_URL })",
      "await db.schema.createTable('gadgets', (t) => t.increments())",
    ),
  })
  expect(file.level).toBe('schema-changes')
})

test('a PostgreSQL client beside one of another engine keeps every statement', async () => {
  const file = await analysed({
    'db.ts': "import { Pool } from 'pg'\nexport const pool = new Pool()\n",
    'a.test.ts': testOf(
      "import Database from 'better-sqlite3'\nimport { pool } from './db'\nconst cache = new Database(':memory:')",
      "cache.exec('CREATE TABLE hits (n int)'); await pool.query('SELECT 1')",
    ),
  })
  expect(file.level).toBe('schema-changes')
})

test("knex({ client: 'pg' }) and a Kysely PostgresDialect stay PostgreSQL", async () => {
  const knexFile = await analysed({
    'a.test.ts': testOf(
      "import knex from 'knex'\nconst db = knex({ client: 'pg', connection: 'postgres://localhost/shop' })",
      "await db.schema.createTable('gadgets', (t) => t.increments())",
    ),
  })
  const kyselyFile = await analysed({
    'a.test.ts': testOf(
      "import { Pool } from 'pg'\nimport { Kysely, PostgresDialect } from 'kysely'\nconst db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool() }) })",
      "await db.deleteFrom('gadgets').execute()",
    ),
  })
  expect([knexFile.level, kyselyFile.level]).toEqual(['schema-changes', 'shared-writes'])
})

test('a call on an object of a package the analyzer does not know keeps its level beside another engine', async () => {
  const file = await analysed({
    'a.test.ts': testOf(
      "import Database from 'better-sqlite3'\nimport { store } from '@acme/store-kit'\nconst cache = new Database(':memory:')",
      "cache.exec('SELECT 1'); await store.query('TRUNCATE orders')",
    ),
  })
  expect(file.level).toBe('shared-writes')
})
