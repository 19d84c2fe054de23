import type { DbLevel } from '@dbsafe/core'

/** One documented call of a client library and the level it asks for (docs/analyzer.md, "Client libraries"). */
export interface ApiRow {
  /** What the row shows, as code; `test(…)` wraps it unless it registers its own hooks or is an option. */
  code: string
  level: DbLevel
  /** Code at the top of the file instead of inside a test (client options, `let` + `beforeAll`). */
  topLevel?: boolean
}

/** The rows of one library: its imports and client, then one row per call. */
export interface LibraryTable {
  library: string
  prelude: string
  /** The clients the analysis must report (the pool picks the isolation from them). */
  clients: string[]
  rows: ApiRow[]
}

const PG =
  "import { Pool, Client } from 'pg'\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL })\n"

export const LIBRARY_TABLES: LibraryTable[] = [
  {
    library: 'pg (node-postgres)',
    prelude: PG,
    clients: ['pg'],
    rows: [
      { code: 'new Client({ connectionString: process.env.DATABASE_URL })', level: 'read-only' },
      { code: "await pool.query('SELECT id FROM users')", level: 'read-only' },
      {
        code: "await pool.query({ text: 'DELETE FROM users WHERE id = $1', values: [1] })",
        level: 'isolated-writes',
      },
      {
        code: "const text = 'DELETE FROM users WHERE id = $1'\nawait pool.query({ text, values: [1] })",
        level: 'isolated-writes',
      },
      { code: "await pool.query('INSERT INTO users (id) VALUES (1)')", level: 'isolated-writes' },
      { code: "await pool.query('TRUNCATE users')", level: 'isolated-writes' },
      { code: "await pool.query('SELECT * FROM users FOR UPDATE')", level: 'isolated-writes' },
      {
        code: "const client = await pool.connect()\nawait client.query('BEGIN')\nawait client.query('UPDATE users SET a = 1')\nawait client.query('COMMIT')\nclient.release()",
        level: 'isolated-writes',
      },
      { code: "afterEach(() => pool.query('TRUNCATE users'))", level: 'shared-writes' },
      { code: "await pool.query('LISTEN jobs')", level: 'shared-writes' },
      { code: "await pool.query('SELECT pg_advisory_lock(1)')", level: 'shared-writes' },
      { code: "await pool.query(process.env.STATEMENT ?? '')", level: 'shared-writes' },
      { code: "await pool.query('CREATE TABLE audit (id int)')", level: 'schema-changes' },
      { code: "await pool.query('CREATE ROLE reporting')", level: 'sequential' },
      { code: 'await Promise.all(Array.from({ length: 50 }, () => pool.connect()))', level: 'sequential' },
      {
        code: "await pool.query(\"SELECT pg_create_logical_replication_slot('audit', 'pgoutput')\")",
        level: 'sequential',
      },
      { code: "const walsender = new Client({ replication: 'database' })", level: 'sequential' },
      {
        code: "const walsender = new Client({ replication: 'database' })\nawait walsender.query('CREATE_REPLICATION_SLOT audit LOGICAL pgoutput')",
        level: 'sequential',
      },
    ],
  },
  {
    library: 'pg-cursor, pg-query-stream (on pg)',
    prelude:
      "import { Client, Query } from 'pg'\nimport Cursor from 'pg-cursor'\nimport QueryStream from 'pg-query-stream'\nconst client = new Client()\n",
    clients: ['pg'],
    rows: [
      { code: "client.query(new Cursor('SELECT id FROM users')).read(100, () => {})", level: 'read-only' },
      {
        code: "client.query(new QueryStream('SELECT id FROM users')).destroy(new Error('stop'))",
        level: 'read-only',
      },
      { code: "client.query(new QueryStream('DELETE FROM users RETURNING id'))", level: 'isolated-writes' },
      {
        code: "await client.query(new Query('INSERT INTO users (id) VALUES (1)'))",
        level: 'isolated-writes',
      },
    ],
  },
  {
    library: 'pg-copy-streams (on pg)',
    prelude:
      "import { Client } from 'pg'\nimport { to as copyTo, from as copyFrom } from 'pg-copy-streams'\nconst client = new Client()\n",
    clients: ['pg'],
    rows: [
      { code: "client.query(copyTo('COPY users TO STDOUT'))", level: 'read-only' },
      {
        code: "const sql = 'COPY (SELECT id FROM users) TO STDOUT'\nclient.query(copyTo(sql))",
        level: 'read-only',
      },
      { code: "client.query(copyFrom('COPY users (id) FROM STDIN'))", level: 'isolated-writes' },
      { code: 'client.query(copyTo(process.env.STATEMENT))', level: 'shared-writes' },
    ],
  },
  {
    library: 'pg-pool',
    prelude: "import Pool from 'pg-pool'\n",
    clients: ['pg-pool'],
    rows: [
      { code: "await new Pool().query('SELECT id FROM users')", level: 'read-only' },
      { code: "await new Pool().query('UPDATE users SET active = false')", level: 'isolated-writes' },
      {
        code: 'const single = new Pool({ max: 1 })\nconst held = await single.connect()\nconst waiting = single.connect()',
        level: 'sequential',
      },
      {
        code: "const pair = new Pool({ max: 2 })\nawait Promise.all([pair.query('SELECT 1'), pair.query('SELECT 2'), pair.query('SELECT 3')])",
        level: 'sequential',
      },
    ],
  },
  {
    library: 'postgres (postgres.js)',
    prelude: "import postgres from 'postgres'\nconst sql = postgres(process.env.DATABASE_URL ?? '')\n",
    clients: ['postgres'],
    rows: [
      { code: 'await sql`SELECT id FROM users`', level: 'read-only' },
      { code: 'await sql.reserve()', level: 'read-only' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the row shows postgres.js code
      { code: 'await sql`INSERT INTO users ${sql({ id: 1 })}`', level: 'isolated-writes' },
      { code: "await sql.unsafe('DELETE FROM users')", level: 'isolated-writes' },
      {
        code: 'await sql.begin(async (tx) => {\n  await tx`UPDATE users SET active = true`\n})',
        level: 'isolated-writes',
      },
      { code: "await sql.listen('jobs', () => {})", level: 'shared-writes' },
      { code: "await sql.notify('jobs', 'ready')", level: 'shared-writes' },
      { code: "await sql.unsafe(process.env.STATEMENT ?? '')", level: 'shared-writes' },
      { code: 'await sql`CREATE TABLE audit (id int)`', level: 'schema-changes' },
    ],
  },
  {
    library: '@prisma/client',
    prelude:
      "import { execSync } from 'node:child_process'\nimport { PrismaClient } from '@prisma/client'\nconst prisma = new PrismaClient()\n",
    clients: ['@prisma/client'],
    rows: [
      { code: 'await prisma.user.findMany()', level: 'read-only' },
      { code: 'await prisma.user.findUnique({ where: { id: 1 } })', level: 'read-only' },
      { code: 'await prisma.user.count()', level: 'read-only' },
      { code: 'await prisma.user.aggregate({ _count: true })', level: 'read-only' },
      { code: "await prisma.user.groupBy({ by: ['role'] })", level: 'read-only' },
      { code: 'await prisma.$queryRaw`SELECT 1`', level: 'read-only' },
      { code: "await prisma.user.create({ data: { email: 'a@b.c' } })", level: 'isolated-writes' },
      { code: 'await prisma.user.createMany({ data: [] })', level: 'isolated-writes' },
      { code: 'await prisma.user.update({ where: { id: 1 }, data: {} })', level: 'isolated-writes' },
      {
        code: 'await prisma.user.upsert({ where: { id: 1 }, create: {}, update: {} })',
        level: 'isolated-writes',
      },
      { code: 'await prisma.user.delete({ where: { id: 1 } })', level: 'isolated-writes' },
      { code: 'await prisma.$transaction([prisma.user.findMany()])', level: 'isolated-writes' },
      { code: 'await prisma.$executeRaw`TRUNCATE users`', level: 'isolated-writes' },
      { code: 'afterEach(() => prisma.user.deleteMany())', level: 'shared-writes' },
      {
        code: "await prisma.$executeRawUnsafe('CREATE INDEX users_email ON users (email)')",
        level: 'schema-changes',
      },
      { code: "execSync('npx prisma migrate reset --force')", level: 'schema-changes' },
      { code: "execSync('npx prisma db push --skip-generate')", level: 'schema-changes' },
      {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the row's code holds template literals
        code: 'const cli = `${process.execPath} ${process.env.PRISMA_CLI}`\nexecSync(`${cli} db push --force-reset --accept-data-loss`)',
        level: 'schema-changes',
      },
    ],
  },
  {
    library: 'Prisma 7 on @prisma/adapter-pg',
    prelude:
      "import { PrismaPg } from '@prisma/adapter-pg'\nimport { PrismaClient } from './generated/prisma/client'\nconst prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) })\n",
    clients: ['@prisma/adapter-pg', 'pg'],
    rows: [
      { code: 'await prisma.user.findMany()', level: 'read-only' },
      { code: "await prisma.user.create({ data: { email: 'a@b.c' } })", level: 'isolated-writes' },
      { code: 'await prisma.$transaction(async (tx) => tx.user.deleteMany())', level: 'isolated-writes' },
    ],
  },
  {
    library: 'drizzle-orm (node-postgres)',
    prelude:
      "import { sql } from 'drizzle-orm'\nimport { drizzle } from 'drizzle-orm/node-postgres'\nimport { migrate } from 'drizzle-orm/node-postgres/migrator'\nimport { pgMaterializedView, pgTable, serial } from 'drizzle-orm/pg-core'\nconst users = pgTable('users', { id: serial('id') })\nconst stats = pgMaterializedView('stats').as((qb) => qb.select().from(users))\nconst db = drizzle(process.env.DATABASE_URL ?? '')\n",
    clients: ['drizzle-orm', 'pg'],
    rows: [
      { code: 'await db.select().from(users)', level: 'read-only' },
      { code: 'await db.query.users.findMany()', level: 'read-only' },
      { code: 'await db.$count(users)', level: 'read-only' },
      { code: 'await db.execute(sql`SELECT 1`)', level: 'read-only' },
      { code: 'await db.insert(users).values({ id: 1 })', level: 'isolated-writes' },
      { code: 'await db.update(users).set({ id: 2 })', level: 'isolated-writes' },
      { code: 'await db.delete(users)', level: 'isolated-writes' },
      { code: "await db.select().from(users).for('update')", level: 'isolated-writes' },
      { code: 'await db.refreshMaterializedView(stats)', level: 'isolated-writes' },
      { code: 'afterAll(() => db.execute(sql`TRUNCATE users`))', level: 'shared-writes' },
      { code: "await migrate(db, { migrationsFolder: './drizzle' })", level: 'schema-changes' },
    ],
  },
  {
    library: 'kysely (PostgresDialect on pg)',
    prelude:
      "import { Kysely, Migrator, PostgresDialect, sql } from 'kysely'\nimport { Pool } from 'pg'\nconst db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) })\n",
    clients: ['kysely', 'pg'],
    rows: [
      { code: "await db.selectFrom('users').selectAll().execute()", level: 'read-only' },
      { code: 'await sql`SELECT 1`.execute(db)', level: 'read-only' },
      { code: "await sql.raw('DELETE FROM users').execute(db)", level: 'isolated-writes' },
      { code: "await db.insertInto('users').values({ id: 1 }).execute()", level: 'isolated-writes' },
      { code: "await db.updateTable('users').set({ id: 2 }).execute()", level: 'isolated-writes' },
      { code: "await db.deleteFrom('users').execute()", level: 'isolated-writes' },
      {
        code: "await db.mergeInto('users as u').using('staged as s', 'u.id', 's.id').whenMatched().thenDelete().execute()",
        level: 'isolated-writes',
      },
      { code: "await db.selectFrom('users').selectAll().forUpdate().execute()", level: 'isolated-writes' },
      { code: "afterEach(() => db.deleteFrom('users').execute())", level: 'shared-writes' },
      {
        code: "await db.schema.createTable('audit').addColumn('id', 'integer').execute()",
        level: 'schema-changes',
      },
      {
        code: "await db.schema.createIndex('users_id').on('users').column('id').execute()",
        level: 'schema-changes',
      },
      {
        code: 'const migrator = new Migrator({ db, provider: { getMigrations: async () => ({}) } })\nawait migrator.migrateToLatest()',
        level: 'schema-changes',
      },
    ],
  },
  {
    library: 'knex',
    prelude:
      "import { execSync } from 'node:child_process'\nimport knex from 'knex'\nconst db = knex({ client: 'pg', connection: process.env.DATABASE_URL })\n",
    clients: ['knex'],
    rows: [
      { code: "await db('users').select('id')", level: 'read-only' },
      { code: "await db('users').first()", level: 'read-only' },
      { code: "await db('users').insert({ id: 1 })", level: 'isolated-writes' },
      { code: "await db('users').insert({ id: 1 }).onConflict('id').merge()", level: 'isolated-writes' },
      { code: "await db('users').update({ active: false })", level: 'isolated-writes' },
      { code: "await db('users').del()", level: 'isolated-writes' },
      { code: "await db('users').truncate()", level: 'isolated-writes' },
      { code: "await db('users').forUpdate().select()", level: 'isolated-writes' },
      { code: 'await db.seed.run()', level: 'isolated-writes' },
      { code: 'beforeAll(() => db.seed.run())', level: 'shared-writes' },
      { code: "await db.raw('VACUUM users')", level: 'shared-writes' },
      {
        code: "await db.schema.createTable('audit', (table) => table.increments())",
        level: 'schema-changes',
      },
      { code: 'await db.migrate.latest()', level: 'schema-changes' },
      { code: 'await db.migrate.rollback()', level: 'schema-changes' },
      { code: "execSync('npx knex migrate:latest')", level: 'schema-changes' },
      { code: "await db('users').select('id').timeout(1000, { cancel: true })", level: 'sequential' },
      {
        code: "async function dropTables(instance) {\n  await instance.schema.dropTableIfExists('audit')\n}\nawait dropTables(db)",
        level: 'schema-changes',
      },
    ],
  },
  {
    library: 'typeorm',
    prelude:
      "import { DataSource } from 'typeorm'\nclass User {}\nconst ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL })\nconst repo = ds.getRepository(User)\n",
    clients: ['typeorm'],
    rows: [
      { code: 'await repo.find()', level: 'read-only' },
      { code: 'await repo.findOneBy({ id: 1 })', level: 'read-only' },
      { code: 'await repo.count()', level: 'read-only' },
      { code: "await ds.query('SELECT 1')", level: 'read-only' },
      { code: 'await repo.save({ id: 1 })', level: 'isolated-writes' },
      { code: 'await repo.insert({ id: 1 })', level: 'isolated-writes' },
      { code: 'await repo.update(1, {})', level: 'isolated-writes' },
      { code: 'await repo.delete(1)', level: 'isolated-writes' },
      { code: 'await repo.softDelete(1)', level: 'isolated-writes' },
      {
        code: 'await ds.createQueryBuilder().insert().into(User).values({}).execute()',
        level: 'isolated-writes',
      },
      {
        code: "await repo.createQueryBuilder('u').setLock('pessimistic_write').getMany()",
        level: 'isolated-writes',
      },
      { code: 'afterEach(() => repo.clear())', level: 'shared-writes' },
      { code: 'await ds.synchronize()', level: 'schema-changes' },
      { code: 'await ds.runMigrations()', level: 'schema-changes' },
      { code: 'await ds.dropDatabase()', level: 'schema-changes' },
      {
        code: "const runner = ds.createQueryRunner()\nawait runner.dropTable('audit')",
        level: 'schema-changes',
      },
      {
        code: "const admin = ds.createQueryRunner()\nawait admin.createDatabase('archive', true)",
        level: 'sequential',
      },
      {
        code: "const admin = ds.createQueryRunner()\nawait admin.dropDatabase('archive')",
        level: 'sequential',
      },
      {
        code: "const migrating = new DataSource({ type: 'postgres', migrationsRun: true })",
        level: 'schema-changes',
        topLevel: true,
      },
      {
        code: "const synced = new DataSource({ type: 'postgres', synchronize: true })",
        level: 'schema-changes',
        topLevel: true,
      },
      {
        code: "const dropped = new DataSource({ type: 'postgres', dropSchema: true })",
        level: 'schema-changes',
        topLevel: true,
      },
    ],
  },
  {
    library: 'sequelize',
    prelude:
      "import { Sequelize } from 'sequelize'\nimport { Umzug } from 'umzug'\nconst sequelize = new Sequelize(process.env.DATABASE_URL ?? '')\nconst User = sequelize.define('User', {})\n",
    clients: ['sequelize'],
    rows: [
      { code: 'await User.findAll()', level: 'read-only' },
      { code: 'await User.findByPk(1)', level: 'read-only' },
      { code: "await User.max('id')", level: 'read-only' },
      { code: "await sequelize.query('SELECT 1')", level: 'read-only' },
      { code: 'await User.create({})', level: 'isolated-writes' },
      { code: 'await User.bulkCreate([])', level: 'isolated-writes' },
      { code: 'await User.findOrCreate({ where: { id: 1 } })', level: 'isolated-writes' },
      { code: 'await User.destroy({ where: { id: 1 } })', level: 'isolated-writes' },
      { code: "await User.increment('visits', { where: { id: 1 } })", level: 'isolated-writes' },
      { code: 'afterEach(() => User.destroy({ truncate: true }))', level: 'shared-writes' },
      { code: 'await sequelize.sync({ force: true })', level: 'schema-changes' },
      { code: 'await User.sync({ alter: true })', level: 'schema-changes' },
      { code: 'await sequelize.drop()', level: 'schema-changes' },
      { code: 'await User.drop()', level: 'schema-changes' },
      { code: "await sequelize.getQueryInterface().addColumn('users', 'nick', {})", level: 'schema-changes' },
      { code: "await sequelize.getQueryInterface().createDatabase('archive')", level: 'sequential' },
      { code: "await sequelize.getQueryInterface().dropDatabase('archive')", level: 'sequential' },
      {
        code: 'const umzug = new Umzug({ migrations: [], logger: undefined })\nawait umzug.up()',
        level: 'schema-changes',
      },
    ],
  },
  {
    library: '@mikro-orm/*',
    prelude:
      "import { MikroORM } from '@mikro-orm/postgresql'\nclass User {}\nconst orm = await MikroORM.init({ dbName: 'shop', entities: [User] })\nconst em = orm.em.fork()\n",
    clients: ['@mikro-orm/postgresql'],
    rows: [
      { code: 'await em.find(User, {})', level: 'read-only' },
      { code: 'await em.findOne(User, 1)', level: 'read-only' },
      { code: 'await em.count(User)', level: 'read-only' },
      { code: "await em.execute('SELECT 1')", level: 'read-only' },
      { code: 'em.persist(new User())\nawait em.flush()', level: 'isolated-writes' },
      { code: 'await em.persistAndFlush(new User())', level: 'isolated-writes' },
      { code: 'await em.insertMany(User, [])', level: 'isolated-writes' },
      { code: 'await em.nativeUpdate(User, {}, {})', level: 'isolated-writes' },
      { code: 'await em.nativeDelete(User, {})', level: 'isolated-writes' },
      { code: 'afterEach(() => em.clear())', level: 'read-only' },
      { code: 'beforeEach(() => orm.schema.clearDatabase())', level: 'shared-writes' },
      { code: 'await orm.getSchemaGenerator().createSchema()', level: 'schema-changes' },
      { code: 'await orm.getSchemaGenerator().updateSchema()', level: 'schema-changes' },
      { code: 'await orm.schema.refreshDatabase()', level: 'schema-changes' },
      { code: 'await orm.migrator.up()', level: 'schema-changes' },
      { code: 'await orm.getMigrator().up()', level: 'schema-changes' },
      { code: 'await orm.schema.ensureDatabase()', level: 'sequential' },
      { code: "await orm.schema.createDatabase('archive')", level: 'sequential' },
      { code: "await orm.schema.dropDatabase('archive')", level: 'sequential' },
      {
        code: "const ensured = await MikroORM.init({ dbName: 'archive', ensureDatabase: { create: true } })",
        level: 'sequential',
      },
      {
        code: "const unchecked = await MikroORM.init({ dbName: 'archive', ensureDatabase: false })",
        level: 'read-only',
      },
      {
        code: "let late: MikroORM\nbeforeAll(async () => {\n  late = await MikroORM.init({ dbName: 'shop' })\n})\ntest('row', async () => {\n  await late.em.fork().persistAndFlush(new User())\n})",
        level: 'isolated-writes',
        topLevel: true,
      },
    ],
  },
  {
    library: 'slonik',
    prelude:
      "import { createPool, sql } from 'slonik'\nconst pool = await createPool(process.env.DATABASE_URL ?? '')\n",
    clients: ['slonik'],
    rows: [
      { code: 'await pool.any(sql.unsafe`SELECT id FROM users`)', level: 'read-only' },
      { code: 'await pool.oneFirst(sql.unsafe`SELECT count(*) FROM users`)', level: 'read-only' },
      { code: 'await pool.query(sql.unsafe`INSERT INTO users (id) VALUES (1)`)', level: 'isolated-writes' },
      {
        code: 'await pool.transaction(async (tx) => tx.query(sql.unsafe`DELETE FROM users`))',
        level: 'isolated-writes',
      },
      { code: 'afterAll(() => pool.query(sql.unsafe`DELETE FROM users`))', level: 'shared-writes' },
      { code: 'await pool.query(sql.unsafe`CREATE TABLE audit (id int)`)', level: 'schema-changes' },
    ],
  },
  {
    library: 'pg-promise',
    prelude:
      "import pgPromise from 'pg-promise'\nconst pgp = pgPromise()\nconst db = pgp(process.env.DATABASE_URL ?? '')\n",
    clients: ['pg-promise'],
    rows: [
      { code: "await db.any('SELECT id FROM users')", level: 'read-only' },
      { code: "await db.oneOrNone('SELECT id FROM users WHERE id = $1', [1])", level: 'read-only' },
      { code: "await db.func('users_report')", level: 'read-only' },
      { code: "await db.none('INSERT INTO users (id) VALUES (1)')", level: 'isolated-writes' },
      { code: "await db.none(pgp.helpers.insert({ id: 1 }, null, 'users'))", level: 'isolated-writes' },
      {
        code: "await db.tx(async (t) => t.none('UPDATE users SET active = true'))",
        level: 'isolated-writes',
      },
      { code: "afterAll(() => db.none('DELETE FROM users'))", level: 'shared-writes' },
      { code: "await db.none('LISTEN jobs')", level: 'shared-writes' },
      { code: "await db.none('CREATE TABLE audit (id int)')", level: 'schema-changes' },
    ],
  },
  {
    library: '@neondatabase/serverless',
    prelude:
      "import { neon, Pool } from '@neondatabase/serverless'\nconst sql = neon(process.env.DATABASE_URL ?? '')\n",
    clients: ['@neondatabase/serverless'],
    rows: [
      { code: 'await sql`SELECT id FROM users`', level: 'read-only' },
      { code: 'await sql`INSERT INTO users (id) VALUES (1)`', level: 'isolated-writes' },
      { code: "await sql.query('DELETE FROM users')", level: 'isolated-writes' },
      { code: "await new Pool().query('CREATE TABLE audit (id int)')", level: 'schema-changes' },
      {
        code: 'const probe = sql`SELECT id FROM users`\nawait new Pool().query(probe.queryData)',
        level: 'read-only',
      },
    ],
  },
]
