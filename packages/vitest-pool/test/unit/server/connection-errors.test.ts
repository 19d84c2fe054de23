import { describe, expect, it } from 'vitest'
import { isConnectionError } from '../../../src/server/connection-errors'

describe('isConnectionError', () => {
  it('recognises refused sockets, lost connections and shutdown SQLSTATEs', () => {
    expect(
      isConnectionError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(true)
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isConnectionError(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(
      true,
    )
    expect(
      isConnectionError(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })])),
    ).toBe(true)
    expect(
      isConnectionError(new Error('wrapped', { cause: Object.assign(new Error(), { code: '08006' }) })),
    ).toBe(true)
  })

  it('counts a server that stopped answering: a query or checkout past its client-side timeout', () => {
    expect(isConnectionError(new Error('Query read timeout'))).toBe(true)
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true)
  })

  it('does not count failing statements', () => {
    expect(
      isConnectionError(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' })),
    ).toBe(false)
    expect(isConnectionError(Object.assign(new Error('database is being accessed'), { code: '55006' }))).toBe(
      false,
    )
    expect(isConnectionError(undefined)).toBe(false)
  })
})
