import { type CommandContext, didYouMean, isDbsafeError, parseCommandArgs } from '@dbsafe/core'
import { COMMANDS, type CommandEntry } from './commands'
import { cliVersion } from './version'

/**
 * dbsafe's own options, before the command name. Every command parses with Node's `util.parseArgs` (through
 * core's `parseCommandArgs`, strict: an unknown option is an error): built into Node, maintained with it, 0
 * bytes to install. commander, cac or citty would each add a dependency for what is left here, routing to
 * four commands and printing their help.
 */
const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const

function usage(commands: Readonly<Record<string, CommandEntry>>): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length))
  const lines = Object.entries(commands).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`)
  return `Usage: dbsafe <command> [options]

Commands:
${lines.join('\n')}

Options:
  -h, --help     show this help (\`dbsafe <command> --help\`: the options of a command)
  -v, --version  print the version of dbsafe
`
}

/** The global options before the command name (`dbsafe --version`), then the command and its arguments. */
function splitArgv(argv: string[]): { global: string[]; name: string | undefined; args: string[] } {
  const at = argv.findIndex((arg) => !arg.startsWith('-'))
  if (at === -1) return { global: argv, name: undefined, args: [] }
  return { global: argv.slice(0, at), name: argv[at], args: argv.slice(at + 1) }
}

/** Runs the command line; `running.name` is set once a command runs, so its errors can be prefixed with it. */
async function run(
  argv: string[],
  context: CommandContext,
  commands: Readonly<Record<string, CommandEntry>>,
  running: { name?: string },
): Promise<number> {
  const { global, name, args } = splitArgv(argv)
  const { values } = parseCommandArgs('', global, GLOBAL_OPTIONS)
  if (values.version) {
    context.stdout(`${cliVersion()}\n`)
    return 0
  }
  if (name === 'help' && args[0] !== undefined && commands[args[0]])
    return run([args[0], '--help'], context, commands, running)
  if (values.help || name === 'help' || name === undefined) {
    context.stdout(usage(commands))
    return values.help || name === 'help' ? 0 : 2
  }
  const entry = commands[name]
  if (!entry) {
    context.stderr(
      `dbsafe: unknown command "${name}"${didYouMean(name, Object.keys(commands))}\n\n${usage(commands)}`,
    )
    return 2
  }
  running.name = name
  const command = await entry.load()
  return await command(args, context)
}

/** Runs the `dbsafe` command line; resolves to the exit code. Errors are printed, never thrown. */
export async function runCli(
  argv: string[],
  context: CommandContext,
  commands: Readonly<Record<string, CommandEntry>> = COMMANDS,
): Promise<number> {
  const running: { name?: string } = {}
  try {
    return await run(argv, context, commands, running)
  } catch (error) {
    if (isDbsafeError(error)) {
      context.stderr(`dbsafe${running.name ? ` ${running.name}` : ''}: ${error.message}\n`)
      return error.code === 'DBSAFE_CONFIG_INVALID' ? 2 : 1
    }
    throw error
  }
}
