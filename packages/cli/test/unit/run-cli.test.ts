import { DbsafeError } from '@dbsafe/core'
import { describe, expect, it } from 'vitest'
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

describe('dbsafe command line', () => {
  it('lists the commands with --help and exits 0', async () => {
    const io = capture()
    expect(await runCli(['--help'], io.context)).toBe(0)
    expect(io.out()).toContain('Usage: dbsafe <command>')
    expect(io.out()).toContain('analyze')
  })

  it('prints usage and exits 2 without a command', async () => {
    const io = capture()
    expect(await runCli([], io.context)).toBe(2)
    expect(io.out()).toContain('Commands:')
  })

  it('names an unknown command and exits 2', async () => {
    const io = capture()
    expect(await runCli(['analyse'], io.context)).toBe(2)
    expect(io.err()).toContain('unknown command "analyse"')
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
