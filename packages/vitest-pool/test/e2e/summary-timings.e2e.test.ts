import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { dbsafe } from '@dbsafe/vitest-pool'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startVitest } from 'vitest/node'
import { dropPrefixedDatabases } from '../../../../test/utils/prefixed-databases'
import { testServers } from '../../../../test/utils/test-servers'
import { CORE_SOURCE } from './run-fixture'

/** Two sequential files, one database file and twelve files without a database. */
const SCHEDULE_PROJECT = fileURLToPath(new URL('../fixtures/schedule-project', import.meta.url))
const REPORTER = new URL('../../../vitest-reporter/dist/index.js', import.meta.url).href

describe("the reporter's summary under the dbsafe pool", () => {
  const server = testServers()[0] as { adminUrl: string }
  const databasePrefix = `e2e${randomBytes(3).toString('hex')}`
  let output = ''

  beforeAll(async () => {
    const { DbsafeReporter } = (await import(REPORTER)) as typeof import('@dbsafe/vitest-reporter')
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk)
        done()
      },
    })
    const exitCode = process.exitCode
    const vitest = await startVitest(
      'test',
      [],
      {
        root: SCHEDULE_PROJECT,
        config: false,
        watch: false,
        // History under a folder of its own: the fixture project stays as it is.
        reporters: [
          new DbsafeReporter({
            html: false,
            github: false,
            history: { file: `../../../.vitest/summary-timings-${databasePrefix}.json` },
          }),
        ],
        maxWorkers: 2,
        include: ['tests/**/*.test.ts'],
      },
      {
        resolve: { alias: { '@dbsafe/core': CORE_SOURCE } },
        plugins: [dbsafe({ url: server.adminUrl, databasePrefix })],
      },
      { stdout: sink, stderr: sink },
    )
    // `vitest run` closes Vitest (and with it the pool) before it returns.
    await vitest?.close()
    process.exitCode = exitCode
  })

  afterAll(async () => {
    await dropPrefixedDatabases(server.adminUrl, databasePrefix)
  })

  test('says how long workers waited and why, and the start-up cost, without being asked', () => {
    expect(output).toMatch(/\nPool: workers waited \d[\d.]*m?s in all( \([^)]*\))?; start → first file \d/)
    // The table of `timings: true` is not printed: the summary line needs no option.
    expect(output).not.toContain('dbsafe timings (from process start)')
  })

  test('once the pool has closed, one line with the close and the fixed cost', () => {
    expect(output.indexOf('dbsafe pool closed')).toBeGreaterThan(output.indexOf('\nPool:'))
    expect(output).toMatch(
      /dbsafe pool closed in \d[\d.]*m?s \(databases, server\); fixed cost \d[\d.]*m?s \(start → first file/,
    )
  })
})
