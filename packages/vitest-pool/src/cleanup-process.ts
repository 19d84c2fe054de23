/**
 * The detached process that drops a finished run's used databases, then its login roles, after Vitest has
 * exited (see `dropAfterExit`). Input: `DBSAFE_CLEANUP_URL` (the admin URL, never on the command line) and, on
 * stdin, `{ "names": [...], "databasePrefix": "...", "rolesOfRun"?: "<run id>" }`.
 */
import pg from 'pg'
import { dropRunDatabases } from './provision/drop-run-databases'
import { dropRunRoles } from './provision/drop-run-roles'
import { adminClientConfig, DEFAULT_ADMIN_DEADLINES, endClient } from './server/admin-connections'

const chunks: Buffer[] = []
for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
const url = process.env.DBSAFE_CLEANUP_URL
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
  names: string[]
  databasePrefix: string
  rolesOfRun?: string
}
if (url) await dropRunDatabases(url, input.names, input.databasePrefix)
if (url && input.rolesOfRun) {
  const client = new pg.Client(adminClientConfig(url, 'cleanup', DEFAULT_ADMIN_DEADLINES))
  client.on('error', () => {})
  try {
    await client.connect()
    await dropRunRoles(client, input.databasePrefix, input.rolesOfRun)
  } catch {
    // The server went away: the reaper of a later run drops the roles.
  } finally {
    await endClient(client, DEFAULT_ADMIN_DEADLINES.connectTimeoutMs)
  }
}
