import { userInfo } from 'node:os'

/**
 * Variables of the outer test run that must not reach a consumer project: database settings (DATABASE_URL,
 * PG*, DBSAFE_*), the outer Vitest's own (VITEST*, NODE_ENV, TEST), package-manager settings of the outer
 * `pnpm` (npm_*, PNPM_*), NODE_OPTIONS, and GitHub Actions outputs (the inner reporter would write to them).
 */
const LEAKS = /^(DATABASE_URL$|PG|DBSAFE_|VITEST|NODE_ENV$|TEST$|NODE_OPTIONS$|npm_|PNPM_|INIT_CWD$|GITHUB_)/i

/**
 * The environment of a command in a consumer project: the outer environment without leaks, as a
 * developer's shell would have it. USER and LOGNAME are the OS user, so pg's defaults lead where they lead
 * on a developer's machine: to `localhost:5432`, as that user.
 */
export function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!LEAKS.test(key)) env[key] = value
  const user = userInfo().username
  return { ...env, USER: user, LOGNAME: user, NO_COLOR: '1', ...extra }
}
