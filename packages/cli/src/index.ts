export { COMMANDS, type CommandEntry } from './commands'
export { runCli } from './run-cli'
