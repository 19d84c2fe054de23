import { describe, expect, it } from 'vitest'
import { DbsafeError, isDbsafeError } from '../../src/index'

describe('DbsafeError', () => {
  it('carries a stable code, the cause and the hint in its message', () => {
    const cause = new Error('ECONNREFUSED')
    const error = new DbsafeError('DBSAFE_SERVER_UNREACHABLE', 'PostgreSQL at 127.0.0.1:5432 is down.', {
      cause,
      hint: 'Start the server.',
    })
    expect(error.code).toBe('DBSAFE_SERVER_UNREACHABLE')
    expect(error.cause).toBe(cause)
    // What Vitest and Node print: the name (with the code) and the message.
    expect(String(error)).toMatch(
      /^DbsafeError \[DBSAFE_SERVER_UNREACHABLE\]: PostgreSQL at 127\.0\.0\.1:5432 is down\./,
    )
    expect(error.stack).toMatch(/^DbsafeError \[DBSAFE_SERVER_UNREACHABLE\]: PostgreSQL/)
    expect(error.message).toBe('PostgreSQL at 127.0.0.1:5432 is down.\n  How to fix: Start the server.')
  })

  it('is recognised by code, also as a plain serialised object from a worker', () => {
    const serialised = JSON.parse(JSON.stringify({ ...new DbsafeError('DBSAFE_CONNECTION_LEAK', 'leak') }))
    expect(isDbsafeError(serialised)).toBe(true)
    expect(isDbsafeError(serialised, 'DBSAFE_CONNECTION_LEAK')).toBe(true)
    expect(isDbsafeError(serialised, 'DBSAFE_CIRCUIT_OPEN')).toBe(false)
    expect(isDbsafeError(new Error('x'))).toBe(false)
    expect(isDbsafeError({ code: 'ECONNREFUSED' })).toBe(false)
  })
})
