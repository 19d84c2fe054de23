import { spawn } from 'node:child_process'

/** What a finished command left: its exit code (null when killed), its output, and how long it took. */
export interface CommandResult {
  command: string
  exitCode: number | null
  /** stdout and stderr, interleaved as they arrived. */
  output: string
  ms: number
}

/**
 * Runs a command to its end and never throws for a failing exit code. The command runs in a process group
 * of its own; at the deadline the whole group (Vitest, its workers, an embedded server) gets SIGKILL.
 */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandResult> {
  const started = Date.now()
  const line = [command, ...args].join(' ')
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    const timer = setTimeout(() => {
      output += `\n[consumer harness] ${line} still running after ${options.timeoutMs} ms: killed\n`
      if (child.pid) process.kill(-child.pid, 'SIGKILL')
    }, options.timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolve({ command: line, exitCode, output, ms: Date.now() - started })
    })
  })
}

/** The last `lines` lines of a command's output, for assertion messages. */
export function tail(result: CommandResult, lines = 60): string {
  return `$ ${result.command} (exit ${result.exitCode}, ${result.ms} ms)\n${result.output.split('\n').slice(-lines).join('\n')}`
}
