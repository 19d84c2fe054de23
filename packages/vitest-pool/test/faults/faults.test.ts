// The fault suite's CI subset (the full suite: `pnpm bench faults`). Real `vitest run`s of the fault project against
// a server of the suite's own: kill -9 while the template builds and while a clone is created, a server frozen while
// the run closes, a 6 s outage. Prints the table, then holds every figure to its target.
import { expect, test } from 'vitest'
import { runFaultSuite } from './fault-suite.ts'
import { formatFaultTable } from './fault-table.ts'
import { rodeOutOutage } from './outage-scenarios.ts'

test('faults: no leaked database, no user database touched, no hang, no password printed, bounded exits', async () => {
  const results = await runFaultSuite({ full: false, log: (line) => console.log(line) })
  console.log(formatFaultTable(results))
  for (const result of results) {
    expect(result.leakedDatabases, result.name).toEqual([])
    expect(result.leakedRoles, result.name).toEqual([])
    expect(result.userDatabasesTouched, result.name).toBe(0)
    expect(result.hangs, result.name).toBe(0)
    expect(result.passwordsPrinted, result.name).toBe(0)
    expect(result.serversLeft ?? 0, result.name).toBe(0)
    if (result.secondsToExit !== undefined) {
      expect(result.secondsToExit, result.name).toBeLessThanOrEqual(result.boundSeconds as number)
    }
  }
  const [kills, frozen, outage] = results
  expect(kills?.kills, 'every kill landed in its phase').toBe(2)
  expect(frozen?.exitCodes[0], 'a frozen close fails the run').toBe(1)
  expect(frozen?.notes[0]).toMatch(/with a dbsafe error/)
  expect(outage && rodeOutOutage(outage), outage?.notes.join('; ')).toBe(true)
})
