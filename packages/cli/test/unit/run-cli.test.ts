import { readFileSync } from 'node:fs'
import { DbsafeError } from '@dbsafe/core'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../src/commands'
import { runCli } from '../../src/run-cli'

function capture() {
  const out: string[] = []
  const err: string[] = []
  return {
    context: {
      cwd: process.cwd(),
      env: {},
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
    },
    out: () => out.join(''),
    err: () => err.join(''),
  }
}

const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version

describe('dbsafe command line', () => {
  it.each([['--help'], ['-h'], ['help']])(
    'lists the commands and options with %s and exits 0',
    async (flag) => {
      const io = capture()
      expect(await runCli([flag], io.context)).toBe(0)
      expect(io.out()).toContain('Usage: dbsafe <command>')
      expect(io.out()).toContain('analyze')
      expect(io.out()).toContain('-v, --version')
    },
  )

  it.each([['--version'], ['-v']])('prints the package version with %s', async (flag) => {
    const io = capture()
    expect(await runCli([flag], io.context)).toBe(0)
    expect(io.out()).toBe(`${version}\n`)
    expect(version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it.each(Object.keys(COMMANDS))(
    'dbsafe %s with --help, with -h, and after dbsafe help: its usage, exit 0',
    async (name) => {
      for (const argv of [
        [name, '--help'],
        [name, '-h'],
        ['help', name],
      ]) {
        const io = capture()
        expect(await runCli(argv, io.context)).toBe(0)
        expect(io.out()).toMatch(new RegExp(`^Usage: dbsafe ${name}`))
        expect(io.out()).toContain('-h, --help')
        expect(io.err()).toBe('')
      }
    },
  )

  it('prints usage and exits 2 without a command', async () => {
    const io = capture()
    expect(await runCli([], io.context)).toBe(2)
    expect(io.out()).toContain('Commands:')
  })

  it('names an unknown command, suggests the closest, and exits 2', async () => {
    const io = capture()
    expect(await runCli(['analyse'], io.context)).toBe(2)
    expect(io.err()).toContain('unknown command "analyse"; did you mean "analyze"?')
  })

  it('an unknown option before the command is bad usage (exit 2), pointing at dbsafe --help', async () => {
    const io = capture()
    expect(await runCli(['--verbose', 'analyze'], io.context)).toBe(2)
    expect(io.err()).toContain("dbsafe: Unknown option '--verbose'")
    expect(io.err()).toContain('Run `dbsafe --help`')
  })

  it('an unknown option of a command names the command and its --help', async () => {
    const io = capture()
    expect(await runCli(['history', 'show', '--jsn'], io.context)).toBe(2)
    expect(io.err()).toContain("dbsafe history: Unknown option '--jsn'")
    expect(io.err()).toContain('Run `dbsafe history --help`')
  })

  it('prints a DbsafeError as a message, not a stack, with exit 1 (2 for bad usage)', async () => {
    const failing = (code: 'DBSAFE_SERVER_UNREACHABLE' | 'DBSAFE_CONFIG_INVALID') => ({
      boom: {
        summary: 'fails',
        load: async () => async () => {
          throw new DbsafeError(code, 'The server at 127.0.0.1:1 refused.', { hint: 'Start it.' })
        },
      },
    })
    const io = capture()
    expect(await runCli(['boom'], io.context, failing('DBSAFE_SERVER_UNREACHABLE'))).toBe(1)
    expect(io.err()).toBe('dbsafe boom: The server at 127.0.0.1:1 refused.\n  How to fix: Start it.\n')
    expect(await runCli(['boom'], capture().context, failing('DBSAFE_CONFIG_INVALID'))).toBe(2)
  })
})
