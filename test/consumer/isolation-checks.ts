import { DEVELOPER_DATABASES, DEVELOPER_SERVER } from './developer-server'
import type { Observation } from './observation'

/** File → what is wrong with it; files without problems are left out, so "all good" is `{}`. */
export type Problems = Record<string, string[]>

type Observations = Map<string, Observation>

function collect(
  seen: Observations,
  check: (observation: Observation) => (string | false | undefined)[],
): Problems {
  const problems: Problems = {}
  for (const observation of seen.values()) {
    const found = check(observation).filter((problem): problem is string => typeof problem === 'string')
    if (found.length > 0) problems[observation.file] = found
  }
  return problems
}

const isDatabaseFile = (observation: Observation) => observation.level !== 'none'

/** The database a file ran on (server port and name), or undefined when it had no session. */
export function databaseOf(observation: Observation): string | undefined {
  return observation.session
    ? `${observation.session.database} (port ${observation.session.port})`
    : undefined
}

/** Files of the fixture that wrote no observation: they never ran, or failed before their first line. */
export function missingFiles(expected: string[], seen: Observations): Problems {
  return Object.fromEntries(
    expected
      .filter((file) => !seen.has(file))
      .map((file) => [file, ['wrote no observation: it never got to run']]),
  )
}

/** Tests that did not pass, and files that stopped before their tests. */
export function failedTests(seen: Observations): Problems {
  return collect(seen, (observation) => [
    observation.endedAt === undefined && 'stopped before its tests ran',
    ...Object.entries(observation.tests)
      .filter(([, test]) => test.state !== 'pass')
      .map(([name, test]) => `test "${name}": ${test.state}${test.error ? ` — ${test.error}` : ''}`),
  ])
}

/** Files at level none: no DATABASE_URL, no PG* variable, and a bare `new pg.Client()` reaches nothing. */
export function noneFileProblems(seen: Observations): Problems {
  return collect(seen, (observation) =>
    observation.level !== 'none'
      ? []
      : [
          observation.databaseUrl !== null &&
            `saw DATABASE_URL (database ${observation.databaseUrl.database})`,
          observation.pgVariables.some((name) => name !== 'PGHOST') &&
            `saw PG variables ${observation.pgVariables.join(', ')}`,
          observation.defaultClient?.connected === true &&
            `a bare new pg.Client() connected to ${observation.defaultClient.database} on port ${observation.defaultClient.port}`,
        ],
  )
}

const onDeveloperServer = (host: string, port: string | number) =>
  ['127.0.0.1', 'localhost', '::1', ''].includes(host) && Number(port || 5432) === DEVELOPER_SERVER.port

/** No file may see the developer's own server, or a database named like the ones pg's defaults reach there. */
export function developerDatabaseProblems(seen: Observations): Problems {
  return collect(seen, ({ databaseUrl, session, defaultClient, developerServerReached }) => [
    (developerServerReached || session?.port === DEVELOPER_SERVER.port) &&
      `ran on the developer's server ${DEVELOPER_SERVER.host}:${DEVELOPER_SERVER.port} (database ${session?.database})`,
    databaseUrl !== null &&
      onDeveloperServer(databaseUrl.host, databaseUrl.port) &&
      `DATABASE_URL points at the developer's server (${databaseUrl.host}:${databaseUrl.port || 5432})`,
    databaseUrl !== null &&
      DEVELOPER_DATABASES.includes(databaseUrl.database) &&
      `DATABASE_URL names the database "${databaseUrl.database}"`,
    defaultClient?.connected === true &&
      defaultClient.port === DEVELOPER_SERVER.port &&
      `new pg.Client() reached the developer's database "${defaultClient.database}"`,
  ])
}

/** Whether two files ran at the same time (from their first line to their afterAll). */
const overlap = (a: Observation, b: Observation) =>
  a.startedAt < (b.endedAt ?? b.startedAt) && b.startedAt < (a.endedAt ?? a.startedAt)

/** No two database files that ran at the same time saw one database, unless both are read-only. */
export function sharedDatabaseProblems(seen: Observations): Problems {
  const files = [...seen.values()].filter((observation) => isDatabaseFile(observation) && observation.session)
  return collect(seen, (observation) => {
    const database = databaseOf(observation)
    if (!isDatabaseFile(observation) || database === undefined) return []
    return files
      .filter(
        (other) => other !== observation && databaseOf(other) === database && overlap(observation, other),
      )
      .filter((other) => !(observation.level === 'read-only' && other.level === 'read-only'))
      .map((other) => `shared ${database} with ${other.file} (${other.level}) while both ran`)
  })
}

/**
 * What each database file's level promises: it got DATABASE_URL and ran on the database it names, which
 * is the one the pool says it leased, at the declared level; all read-only files share one database that
 * no other file uses; a schema-changes file's database is its own for the whole run.
 */
export function levelGuaranteeProblems(seen: Observations): Problems {
  const all = [...seen.values()].filter(isDatabaseFile)
  const readOnlyDatabases = new Set(
    all
      .filter((o) => o.level === 'read-only')
      .map(databaseOf)
      .filter((database) => database !== undefined),
  )
  return collect(seen, (observation) => {
    if (!isDatabaseFile(observation)) return []
    const { databaseUrl, session, poolMeta, level } = observation
    const database = databaseOf(observation)
    const usedBy = (test: (other: Observation) => boolean) =>
      all.filter(
        (other) =>
          other !== observation && database !== undefined && databaseOf(other) === database && test(other),
      )
    return [
      databaseUrl === null && 'saw no DATABASE_URL',
      !session && `has no database session (${observation.sessionError ?? 'never connected'})`,
      databaseUrl !== null &&
        session !== undefined &&
        databaseUrl.database !== session.database &&
        `DATABASE_URL names ${databaseUrl.database} but the session is on ${session.database}`,
      poolMeta?.database !== undefined &&
        session !== undefined &&
        poolMeta.database !== session.database &&
        `the pool leased ${poolMeta.database} but the file ran on ${session.database}`,
      poolMeta?.level !== undefined &&
        poolMeta.level !== level &&
        `the pool ran it at ${poolMeta.level}, not ${level}`,
      level === 'read-only' &&
        readOnlyDatabases.size > 1 &&
        `read-only files saw ${readOnlyDatabases.size} databases: ${[...readOnlyDatabases].join(', ')}`,
      level !== 'read-only' &&
        database !== undefined &&
        readOnlyDatabases.has(database) &&
        `ran on the read-only files' database ${database}`,
      ...(level === 'schema-changes'
        ? usedBy(() => true).map((other) => `its fresh database ${database} was used by ${other.file} too`)
        : []),
    ]
  })
}

/**
 * Sequential files on a server of their own (issue 15, deliverable 2): with dbsafe's embedded server, each
 * sequential file ran on another server (port) than every other database file.
 */
export function sequentialServerProblems(seen: Observations): Problems {
  const mainPorts = new Set(
    [...seen.values()]
      .filter((observation) => isDatabaseFile(observation) && observation.level !== 'sequential')
      .flatMap((observation) => (observation.session ? [observation.session.port] : [])),
  )
  return collect(seen, ({ level, session }) =>
    level !== 'sequential'
      ? []
      : [
          !session && 'has no database session',
          session !== undefined &&
            mainPorts.has(session.port) &&
            `ran on port ${session.port}, the server of the other database files`,
        ],
  )
}

/** Least privilege (issue 10, deliverable 4): database files connect as a role that is not a superuser. */
export function superuserProblems(seen: Observations): Problems {
  return collect(seen, ({ session }) => [
    session?.superuser === true && `connected as ${session.user}, a superuser`,
  ])
}

/** Worker process id → the files it ran, in the order they started. */
export function filesPerWorker(seen: Observations): Map<number, string[]> {
  const workers = new Map<number, string[]>()
  for (const observation of [...seen.values()].sort((a, b) => a.startedAt - b.startedAt)) {
    workers.set(observation.pid, [...(workers.get(observation.pid) ?? []), observation.file])
  }
  return workers
}

/**
 * Everything that makes a run not isolated, file by file: the developer's server reached, a `none` file
 * that could connect, two files on one database at once, a file off its own database or its level's
 * guarantees. (Failed tests and the superuser role are checked apart.)
 */
export function isolationProblems(seen: Observations): Problems {
  const problems: Problems = {}
  for (const found of [
    developerDatabaseProblems(seen),
    noneFileProblems(seen),
    sharedDatabaseProblems(seen),
    levelGuaranteeProblems(seen),
  ]) {
    for (const [file, list] of Object.entries(found)) problems[file] = [...(problems[file] ?? []), ...list]
  }
  return problems
}
