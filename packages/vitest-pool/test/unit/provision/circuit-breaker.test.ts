import { describe, expect, it } from 'vitest'
import { CircuitBreaker } from '../../../src/provision/circuit-breaker'

function breakerAt() {
  const clock = { now: 0 }
  const breaker = new CircuitBreaker({
    failureThreshold: 3,
    cooldownMs: 100,
    maxCooldownMs: 400,
    now: () => clock.now,
  })
  return { breaker, clock }
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, not before', () => {
    const { breaker } = breakerAt()
    breaker.recordFailure(new Error('1'))
    breaker.recordFailure(new Error('2'))
    expect(breaker.state).toBe('closed')
    breaker.recordFailure(new Error('3'))
    expect(breaker.state).toBe('open')
    expect(breaker.retryInMs).toBe(100)
  })

  it('a success resets the count', () => {
    const { breaker } = breakerAt()
    breaker.recordFailure(1)
    breaker.recordFailure(2)
    breaker.recordSuccess()
    breaker.recordFailure(3)
    expect(breaker.state).toBe('closed')
  })

  it('allows a probe after the cooldown, doubles the cooldown when it fails, closes when it succeeds', () => {
    const { breaker, clock } = breakerAt()
    for (let i = 0; i < 3; i++) breaker.recordFailure(i)
    clock.now = 100
    expect(breaker.state).toBe('probing')
    breaker.recordFailure('probe failed')
    expect(breaker.state).toBe('open')
    expect(breaker.retryInMs).toBe(200)
    clock.now = 300
    expect(breaker.state).toBe('probing')
    breaker.recordSuccess()
    expect(breaker.state).toBe('closed')
    expect(breaker.lastError).toBeUndefined()
  })

  it('caps the cooldown', () => {
    const { breaker, clock } = breakerAt()
    for (let i = 0; i < 3; i++) breaker.recordFailure(i)
    for (let i = 0; i < 5; i++) {
      clock.now += breaker.retryInMs
      breaker.recordFailure('again')
    }
    expect(breaker.retryInMs).toBe(400)
  })

  it('remembers when the current run of failures began, until a success', () => {
    const { breaker, clock } = breakerAt()
    expect(breaker.failingSince).toBeUndefined()
    clock.now = 1_000
    breaker.recordFailure(1)
    clock.now = 1_500
    breaker.recordFailure(2)
    expect(breaker.failingSince).toBe(1_000)
    breaker.recordSuccess()
    expect(breaker.failingSince).toBeUndefined()
    clock.now = 2_000
    breaker.recordFailure(3)
    expect(breaker.failingSince).toBe(2_000)
  })
})
