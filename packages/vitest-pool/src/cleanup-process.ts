/**
 * The detached process that drops a finished run's used databases after Vitest has exited (see
 * `dropAfterExit`). Input: `DBSAFE_CLEANUP_URL` (the admin URL, never on the command line) and, on stdin,
 * `{ "names": [...], "databasePrefix": "..." }`.
 */
import { dropRunDatabases } from './provision/drop-run-databases'

const chunks: Buffer[] = []
for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
const url = process.env.DBSAFE_CLEANUP_URL
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
  names: string[]
  databasePrefix: string
}
if (url) await dropRunDatabases(url, input.names, input.databasePrefix)
