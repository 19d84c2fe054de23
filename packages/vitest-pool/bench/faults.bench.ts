// `pnpm bench faults`: the whole fault suite (packages/vitest-pool/test/faults): real `vitest run`s of the fault
// project against a PostgreSQL server of its own (never the local one on 5432), under
//   - kill -9 of Vitest at each phase (template build, clone, mid-run, close, and of the detached cleanup), twice
//     each, every kill followed by a clean run whose leftovers are counted;
//   - kill -9 of a run on dbsafe's embedded server (its postmaster must stop on its own), twice;
//   - a server frozen with SIGSTOP at the close and mid-run, with dbsafe's default deadlines;
//   - outages of 6 s and 60 s (the server stopped, then started again);
//   - 3 pairs of concurrent runs.
// It prints one row per scenario: leaked databases and roles, user databases touched, servers left running, seconds
// from a freeze to the exit (and the stated bound), hangs, runs whose output held the password, exit codes; then
// the notes. Asserts nothing: the CI subset (the `faults` test project) does. Takes 15–30 minutes on a loaded machine.
import { runFaultSuite } from '../test/faults/fault-suite.ts'
import { formatFaultTable } from '../test/faults/fault-table.ts'

const started = Date.now()
const results = await runFaultSuite({ full: true, log: (line) => console.log(line) })
console.log(
  `\n${formatFaultTable(results)}\n\nfault suite: ${((Date.now() - started) / 60_000).toFixed(1)} min`,
)
