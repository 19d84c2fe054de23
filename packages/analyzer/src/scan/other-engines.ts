import { ts } from 'ts-morph'
import { unwrapExpression } from './chain'

/**
 * Database engines other than PostgreSQL that a client can be configured for, per library (each library's
 * documented option values). A client built for one never reaches PostgreSQL, so its statements are no
 * evidence; only a literal in the code proves it — an engine read from a variable or the environment is not.
 */
const SQLITE = 'SQLite'
const MYSQL = 'MySQL'
const MSSQL = 'SQL Server'
const ORACLE = 'Oracle'

/** Drivers of other engines: whatever they build talks to that engine. */
const DRIVERS: Readonly<Record<string, string>> = {
  mysql: MYSQL,
  mysql2: MYSQL,
  mariadb: 'MariaDB',
  'better-sqlite3': SQLITE,
  sqlite3: SQLITE,
  sqlite: SQLITE,
  'node:sqlite': SQLITE,
  'bun:sqlite': SQLITE,
  '@libsql/client': SQLITE,
  mssql: MSSQL,
  tedious: MSSQL,
  oracledb: ORACLE,
  // Prisma 7 driver adapters for other engines (`new PrismaClient({ adapter: new PrismaBetterSqlite3(…) })`).
  '@prisma/adapter-better-sqlite3': SQLITE,
  '@prisma/adapter-libsql': SQLITE,
  '@prisma/adapter-d1': SQLITE,
  '@prisma/adapter-mariadb': MYSQL,
  '@prisma/adapter-planetscale': MYSQL,
  '@prisma/adapter-mssql': MSSQL,
}

/** Entry points of client libraries that fix another engine (`drizzle()` of `drizzle-orm/better-sqlite3`). */
const ENTRY_POINTS: Readonly<Record<string, string>> = {
  'drizzle-orm/better-sqlite3': SQLITE,
  'drizzle-orm/libsql': SQLITE,
  'drizzle-orm/bun-sqlite': SQLITE,
  'drizzle-orm/d1': SQLITE,
  'drizzle-orm/expo-sqlite': SQLITE,
  'drizzle-orm/op-sqlite': SQLITE,
  'drizzle-orm/sql-js': SQLITE,
  'drizzle-orm/sqlite-proxy': SQLITE,
  'drizzle-orm/durable-sqlite': SQLITE,
  'drizzle-orm/mysql2': MYSQL,
  'drizzle-orm/mysql-proxy': MYSQL,
  'drizzle-orm/planetscale-serverless': MYSQL,
  'drizzle-orm/tidb-serverless': MYSQL,
  'drizzle-orm/singlestore': 'SingleStore',
  '@mikro-orm/sqlite': SQLITE,
  '@mikro-orm/better-sqlite': SQLITE,
  '@mikro-orm/libsql': SQLITE,
  '@mikro-orm/mysql': MYSQL,
  '@mikro-orm/mariadb': 'MariaDB',
  '@mikro-orm/mssql': MSSQL,
  '@mikro-orm/mongodb': 'MongoDB',
}

/** Per client library: the option that names the engine, and its values that are not PostgreSQL. */
const ENGINE_OPTIONS: Readonly<Record<string, { option: string; values: Readonly<Record<string, string>> }>> =
  {
    knex: {
      option: 'client',
      values: {
        sqlite3: SQLITE,
        'better-sqlite3': SQLITE,
        mysql: MYSQL,
        mysql2: MYSQL,
        mssql: MSSQL,
        oracledb: ORACLE,
        oracle: ORACLE,
      },
    },
    sequelize: {
      option: 'dialect',
      values: {
        sqlite: SQLITE,
        mysql: MYSQL,
        mariadb: 'MariaDB',
        mssql: MSSQL,
        db2: 'Db2',
        ibmi: 'Db2 for IBM i',
        snowflake: 'Snowflake',
        oracle: ORACLE,
      },
    },
    typeorm: {
      option: 'type',
      values: {
        sqlite: SQLITE,
        'better-sqlite3': SQLITE,
        sqljs: SQLITE,
        capacitor: SQLITE,
        cordova: SQLITE,
        expo: SQLITE,
        nativescript: SQLITE,
        'react-native': SQLITE,
        mysql: MYSQL,
        'aurora-mysql': MYSQL,
        mariadb: 'MariaDB',
        mssql: MSSQL,
        oracle: ORACLE,
        sap: 'SAP HANA',
        spanner: 'Spanner',
        mongodb: 'MongoDB',
      },
    },
  }

/** Kysely's built-in dialects for other engines (`new Kysely({ dialect: new SqliteDialect(…) })`). */
const KYSELY_DIALECTS: Readonly<Record<string, string>> = {
  SqliteDialect: SQLITE,
  MysqlDialect: MYSQL,
  MssqlDialect: MSSQL,
}

/** Third-party Kysely dialects named for their engine (`NodeSqliteDialect`, `LibsqlDialect`, `PlanetScaleDialect`). */
function dialectEngine(name: string): string | undefined {
  const engine = name.match(/(sqlite|libsql|d1|mysql|mariadb|planetscale|mssql)Dialect$/i)?.[1]?.toLowerCase()
  if (!engine) return undefined
  return ['sqlite', 'libsql', 'd1'].includes(engine) ? SQLITE : engine === 'mssql' ? MSSQL : MYSQL
}

/** The other engine a driver package talks to (`better-sqlite3` → SQLite), if it is one. */
export function otherEngineDriver(specifier: string): string | undefined {
  return (
    DRIVERS[specifier] ??
    DRIVERS[specifier.split('/')[0]!] ??
    DRIVERS[specifier.split('/').slice(0, 2).join('/')]
  )
}

type Lookup = (name: string) => ts.Expression | undefined

function objectOf(
  node: ts.Expression | undefined,
  constants: Lookup,
): ts.ObjectLiteralExpression | undefined {
  const value = node && unwrapExpression(node)
  if (value && ts.isIdentifier(value)) return objectOf(constants(value.text), constants)
  return value && ts.isObjectLiteralExpression(value) ? value : undefined
}

function propertyValue(object: ts.ObjectLiteralExpression, name: string, constants: Lookup) {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText().replace(/['"]/g, '') === name) {
      const value = unwrapExpression(property.initializer)
      return ts.isIdentifier(value) ? (constants(value.text) ?? value) : value
    }
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return constants(name)
  }
  return undefined
}

/**
 * The engine other than PostgreSQL that a client built by `node` (of the client library `client`, imported from
 * `specifier`) is provably configured for: its entry point, a literal engine option in its options (also kept
 * in a constant of the module), a Kysely dialect class, a Prisma adapter of another engine, or a sequelize
 * connection URL of another scheme. Undefined when the engine is PostgreSQL or cannot be read.
 */
export function otherEngineOf(
  node: ts.CallExpression | ts.NewExpression,
  client: string,
  specifier: string,
  constants: Lookup,
  importedFrom: (name: string) => string | undefined,
): string | undefined {
  const entry = ENTRY_POINTS[specifier]
  if (entry) return entry
  const args = [...(node.arguments ?? [])]
  const engineOption = ENGINE_OPTIONS[client === 'sequelize-typescript' ? 'sequelize' : client]
  if (engineOption) {
    for (const argument of args) {
      const value = unwrapExpression(argument)
      if (client.startsWith('sequelize') && ts.isStringLiteralLike(value)) {
        const scheme = value.text.match(/^([a-z0-9]+):/)?.[1]
        if (scheme && engineOption.values[scheme]) return engineOption.values[scheme]
      }
      const object = objectOf(argument, constants)
      const option = object && propertyValue(object, engineOption.option, constants)
      if (option && ts.isStringLiteralLike(option) && engineOption.values[option.text])
        return engineOption.values[option.text]
    }
  }
  const dialectOption = client === 'kysely' ? 'dialect' : client === '@prisma/client' ? 'adapter' : undefined
  if (dialectOption) {
    const object = objectOf(args[0], constants)
    const built = object && propertyValue(object, dialectOption, constants)
    if (built && ts.isNewExpression(built) && ts.isIdentifier(built.expression)) {
      const name = built.expression.text
      if (client === 'kysely') return KYSELY_DIALECTS[name] ?? dialectEngine(name)
      const from = importedFrom(name)
      return from ? otherEngineDriver(from) : undefined
    }
  }
  return undefined
}

/** Calls that build a connection or database handle of another engine's driver (`createPool`, `new Database()`). */
export function buildsDriverClient(
  node: ts.CallExpression | ts.NewExpression,
  member: string | undefined,
): boolean {
  if (ts.isNewExpression(node)) return true
  const name = member ?? (ts.isIdentifier(node.expression) ? node.expression.text : '')
  return /^(create(Pool|Connection|PoolCluster|Client)|connect|open|getConnection|Database(Sync)?)$/.test(
    name,
  )
}
