import { DbsafeError } from '@dbsafe/core'
import type { FileObserver } from './file-observer'
import type { PgInterceptor } from './pg-interceptor'

/**
 * The pg interceptor of a file at level `none`: every connection it opens fails at once with an error
 * that names dbsafe, the file's level and the fix, whatever host it was given — the file has no
 * database, and a misclassified file must not reach a developer's own server through pg's defaults.
 */
export function noDatabaseGuard(
  file: string,
  reason: string | undefined,
  observer?: FileObserver,
): PgInterceptor {
  const refuse = (text?: string) => {
    observer?.connectAttempt(text)
    return Promise.reject(
      new DbsafeError(
        'DBSAFE_NO_DATABASE',
        `dbsafe: ${file} runs at level none${reason ? ` (${reason})` : ''}, so it has no database — yet it opened a PostgreSQL connection.`,
        {
          hint: `if the file needs a database, put \`// @db-level read-only\` (or the level it needs: see \`dbsafe analyze --explain ${file}\`) before its first test, or map it in dbsafe({ levels: { '${file}': 'read-only' } }).`,
        },
      ),
    )
  }
  return {
    claims: () => true,
    connect: () => refuse(),
    query: (_client, call) => refuse(call.text),
    end: () => Promise.resolve(),
  }
}
