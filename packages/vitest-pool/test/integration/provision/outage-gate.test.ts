// Files wait out a server that went away (see OutageGate), against a real server stopped and started again.
import { isDbsafeError } from '@dbsafe/core'
import { expect, it } from 'vitest'
import { eventually } from '../../../../../test/utils/eventually'
import { CircuitBreaker } from '../../../src/provision/circuit-breaker'
import { OutageGate } from '../../../src/provision/outage-gate'
import { pingServer } from '../../../src/server/health-probe'
import { ownFaultServer } from '../own-fault-server.ts'

const server = ownFaultServer('outage')

function gateFor(toleranceMs: number) {
  const log: string[] = []
  const breaker = new CircuitBreaker({ failureThreshold: 1 })
  const probes = { failed: 0 }
  const gate = new OutageGate({
    breaker,
    probe: () =>
      pingServer(server().adminUrl, 1_000).catch((error: unknown) => {
        probes.failed++
        throw error
      }),
    toleranceMs,
    server: 'the test server',
    log: (line) => log.push(line),
  })
  return { gate, breaker, log, probes }
}

/** The error a lease gets while the server is away, recorded by the breaker as a lease would. */
async function failedPing(breaker: CircuitBreaker): Promise<unknown> {
  const error = await pingServer(server().adminUrl, 1_000).then(
    () => new Error('the server answered'),
    (caught: unknown) => caught,
  )
  breaker.recordFailure(error)
  return error
}

it('a file waits for a server that went away and goes on once it answers; the log says for how long', async () => {
  const { gate, breaker, log, probes } = gateFor(60_000)
  await server().stop()
  const waiting = gate.waitForServer(await failedPing(breaker))
  expect(gate.away).toBe(true)
  expect(gate.tooLong()).toBeUndefined()
  // The gate's own probe must find the server away (a restart faster than its first probe is no outage to it).
  await eventually(() => probes.failed > 0, 15_000, 'a probe of the gate went unanswered')
  await server().start()
  expect(await waiting).toBe(true)
  expect(gate.away).toBe(false)
  expect(breaker.state).toBe('closed')
  expect(log.join('\n')).toMatch(/answers again after [\d.]+ s away; 1 database file\(s\) waited/)
  expect(gate.summary()).toMatch(/was away 1 time\(s\), [\d.]+ s in all; 1 database file\(s\) waited/)
  gate.close()
})

it('files fail once the outage outlasts the tolerance, later ones at once, until the server answers', async () => {
  const { gate, breaker } = gateFor(1_000)
  await server().stop()
  try {
    const error = await failedPing(breaker)
    const waited = await gate.waitForServer(error).catch((caught: unknown) => caught)
    expect(isDbsafeError(waited, 'DBSAFE_SERVER_UNREACHABLE'), String(waited)).toBe(true)
    expect((waited as Error).message).toMatch(/longer than outageToleranceMs \(1000 ms\)/)
    expect(isDbsafeError(gate.tooLong(), 'DBSAFE_SERVER_UNREACHABLE')).toBe(true)
  } finally {
    await server().start()
  }
  await eventually(() => !gate.away, 15_000, 'the gate saw the server back')
  expect(gate.tooLong()).toBeUndefined()
  gate.close()
})

it('an error while the server answers is no outage: the wait ends at the first probe, saying so', async () => {
  const { gate } = gateFor(60_000)
  expect(await gate.waitForServer(new Error('Connection terminated unexpectedly'))).toBe(false)
  gate.close()
})
