import { withDatabase } from '@dbsafe/core'
import pg from 'pg'
import { type AdminDeadlines, adminClientConfig, endClient } from '../server/admin-connections'

/** The schema of the runtime guard's DDL log in every template (and so in every clone). */
export const DDL_LOG_SCHEMA = 'dbsafe_guard'

/**
 * Installs the DDL log in a template being built, after its migrations and seed (their own DDL is not logged): a
 * table in the `dbsafe_guard` schema and an event trigger on `ddl_command_end` that adds a row for every DDL
 * command — whatever client sent it — with its command tag and the statement text. Temporary tables are not
 * logged (session-local: `isolated-writes`), nor dbsafe's own sessions (`application_name` `dbsafe-…`). The function runs as the admin that installs it (SECURITY DEFINER):
 * test files' roles cannot write or change the log, only the trigger can; nobody but that admin can read it.
 * A row goes away with its transaction: what a file committed stays, what it rolled back was never DDL that lasts.
 * Needs a superuser (event triggers).
 */
export const INSTALL_DDL_LOG_SQL = `CREATE SCHEMA ${DDL_LOG_SCHEMA};
REVOKE ALL ON SCHEMA ${DDL_LOG_SCHEMA} FROM PUBLIC;
CREATE TABLE ${DDL_LOG_SCHEMA}.ddl_log (
  id bigint GENERATED ALWAYS AS IDENTITY,
  tag text NOT NULL,
  statement text NOT NULL,
  role text NOT NULL DEFAULT session_user
);
CREATE FUNCTION ${DDL_LOG_SCHEMA}.log_ddl() RETURNS event_trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  -- dbsafe's own sessions (application_name dbsafe-<purpose>) set up databases: not a test file's DDL.
  IF current_setting('application_name') LIKE 'dbsafe-%' THEN
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands())
     AND NOT EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands()
                     WHERE schema_name IS NULL OR schema_name NOT LIKE 'pg\\_temp%') THEN
    RETURN;
  END IF;
  INSERT INTO ${DDL_LOG_SCHEMA}.ddl_log (tag, statement) VALUES (tg_tag, left(current_query(), 300));
END
$$;
REVOKE ALL ON FUNCTION ${DDL_LOG_SCHEMA}.log_ddl() FROM PUBLIC;
CREATE EVENT TRIGGER dbsafe_guard_ddl ON ddl_command_end EXECUTE FUNCTION ${DDL_LOG_SCHEMA}.log_ddl();`

/** One DDL command a file committed, as the log has it. */
export interface LoggedDdl {
  tag: string
  statement: string
}

/** The log's rows kept per read: enough for evidence, no scan of a long log. */
const MAX_ROWS = 20

/**
 * Reads the DDL log of one database over a short admin session on it (a read: it changes nothing there). A
 * database is reset from the template before another file gets it once anything was committed in it, so the log
 * holds what the last file committed. `missing` when the template was built without the log; undefined when the
 * database cannot be read.
 */
/** Installs the log in a template being built (see {@link INSTALL_DDL_LOG_SQL}), connected to it as the admin. */
export async function installDdlLog(templateUrl: string, deadlines: AdminDeadlines): Promise<void> {
  const client = new pg.Client(adminClientConfig(templateUrl, 'template', deadlines))
  client.on('error', () => {})
  await client.connect()
  try {
    await client.query(INSTALL_DDL_LOG_SQL)
  } finally {
    await endClient(client, deadlines.connectTimeoutMs)
  }
}

export async function readDdlLog(
  adminUrl: string,
  database: string,
  deadlines: AdminDeadlines,
): Promise<{ count: number; rows: LoggedDdl[] } | 'missing' | undefined> {
  const client = new pg.Client(adminClientConfig(withDatabase(adminUrl, database), 'guard', deadlines))
  client.on('error', () => {})
  try {
    await client.connect()
    const { rows } = await client.query<{ count: number; rows: LoggedDdl[] | null }>(
      `SELECT (SELECT count(*)::int FROM ${DDL_LOG_SCHEMA}.ddl_log) AS count,
              (SELECT json_agg(json_build_object('tag', tag, 'statement', statement) ORDER BY id)
                 FROM (SELECT * FROM ${DDL_LOG_SCHEMA}.ddl_log ORDER BY id LIMIT ${MAX_ROWS}) first) AS rows`,
    )
    const row = rows[0]
    return row ? { count: row.count, rows: row.rows ?? [] } : undefined
  } catch (error) {
    // No such schema or table: a template built without the log.
    const code = (error as { code?: string }).code
    return code === '3F000' || code === '42P01' ? 'missing' : undefined
  } finally {
    await endClient(client, deadlines.connectTimeoutMs).catch(() => {})
  }
}
