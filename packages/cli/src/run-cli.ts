import { type CommandContext, isDbsafeError } from '@dbsafe/core'
import { COMMANDS, type CommandEntry } from './commands'

function usage(commands: Readonly<Record<string, CommandEntry>>): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length))
  const lines = Object.entries(commands).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`)
  return `Usage: dbsafe <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`dbsafe <command> --help\` for the options of a command.\n`
}

/** Runs the `dbsafe` command line; resolves to the exit code. Errors are printed, never thrown. */
export async function runCli(
  argv: string[],
  context: CommandContext,
  commands: Readonly<Record<string, CommandEntry>> = COMMANDS,
): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.stdout(usage(commands))
    return name === undefined ? 2 : 0
  }
  const entry = commands[name]
  if (!entry) {
    context.stderr(`dbsafe: unknown command "${name}".\n\n${usage(commands)}`)
    return 2
  }
  try {
    const command = await entry.load()
    return await command(args, context)
  } catch (error) {
    if (isDbsafeError(error)) {
      context.stderr(`dbsafe ${name}: ${error.message}\n`)
      return error.code === 'DBSAFE_CONFIG_INVALID' ? 2 : 1
    }
    throw error
  }
}
