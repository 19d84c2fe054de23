/** What decides whether a command colours its output. */
export interface ColorSetting {
  /** Environment variables: `NO_COLOR` and `FORCE_COLOR` are read. */
  env: Record<string, string | undefined>
  /** Whether standard output is a terminal. Default: false (a pipe or a file gets no colour codes). */
  stdoutIsTTY?: boolean
}

/**
 * Colours on a terminal, as users expect (https://no-color.org, https://force-color.org): `NO_COLOR`
 * (any non-empty value) turns them off, then `FORCE_COLOR` turns them on (`0` or `false`: off), even in
 * a pipe; otherwise a terminal gets colours unless `TERM=dumb`.
 */
export function colorEnabled({ env, stdoutIsTTY = false }: ColorSetting): boolean {
  if (env.NO_COLOR) return false
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  return stdoutIsTTY && env.TERM !== 'dumb'
}
