import { databaseOf } from './isolation-checks'
import type { Observation } from './observation'

const cell = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width)

/** One line per file of what it saw, in the order the files started: for the test log and the report. */
export function summaryTable(seen: Map<string, Observation>): string {
  const rows = [...seen.values()].sort((a, b) => a.startedAt - b.startedAt)
  const start = rows[0]?.startedAt ?? 0
  const lines = rows.map((o) => {
    const tests = Object.values(o.tests)
    const passed = tests.filter((test) => test.state === 'pass').length
    const saw =
      o.level === 'none'
        ? `pg.Client(): ${o.defaultClient?.connected ? `CONNECTED to ${o.defaultClient.database}:${o.defaultClient.port}` : `refused (${o.defaultClient?.error?.split('\n')[0] ?? '?'})`}`
        : o.session
          ? `${databaseOf(o)} as ${o.session.user}${o.session.superuser ? ' (superuser)' : ''}`
          : `no session: ${o.sessionError}`
    return [
      cell(o.file.replace(/^tests\//, ''), 32),
      cell(o.level, 15),
      cell(String(o.pid), 7),
      cell(`+${o.startedAt - start}..${o.endedAt === undefined ? '?' : `+${o.endedAt - start}`}ms`, 17),
      cell(o.databaseUrl ? o.databaseUrl.database : '-', 24),
      cell(o.poolMeta ? `${o.poolMeta.level}/${o.poolMeta.database ?? '-'}` : '-', 36),
      cell(`${passed}/${tests.length}`, 5),
      saw,
    ].join(' ')
  })
  const header = [
    cell('file', 32),
    cell('level', 15),
    cell('pid', 7),
    cell('ran', 17),
    cell('DATABASE_URL db', 24),
    cell('pool said', 36),
    cell('pass', 5),
    'saw',
  ].join(' ')
  return [header, ...lines].join('\n')
}
