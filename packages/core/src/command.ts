import { type ParseArgsConfig, parseArgs } from 'node:util'
import { DbsafeError } from './errors'

/** Where a `dbsafe` subcommand reads and writes. Tests pass their own. */
export interface CommandContext {
  /** The folder the command runs in. */
  cwd: string
  /** Environment variables (NO_COLOR, FORCE_COLOR, CI, …). */
  env: Record<string, string | undefined>
  /** Whether standard output is a terminal, for `colorEnabled`. Default: false. */
  stdoutIsTTY?: boolean
  /** Writes to standard output. */
  stdout: (text: string) => void
  /** Writes to standard error. */
  stderr: (text: string) => void
}

/** A `dbsafe` subcommand: takes its arguments (without the subcommand name), resolves to an exit code. */
export type Command = (args: string[], context: CommandContext) => Promise<number>

/**
 * `util.parseArgs` in strict mode, with its errors turned into a {@link DbsafeError}
 * that names the command (`''`: dbsafe's own options, before any command) and points to `--help`.
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (cause) {
    throw new DbsafeError('DBSAFE_CONFIG_INVALID', (cause as Error).message, {
      cause,
      hint: `Run \`${['dbsafe', command, '--help'].filter(Boolean).join(' ')}\` to see its options.`,
    })
  }
}
