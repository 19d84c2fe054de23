import { describe, expect, test } from 'vitest'
import { translateStatements } from '../../../src/worker/translate-statements'

const closed = { open: false, failed: false }
const open = { open: true, failed: false }

describe('translateStatements', () => {
  test('sends ordinary statements unchanged', () => {
    expect(translateStatements(['INSERT INTO t VALUES ($1)'], closed)).toEqual({
      kind: 'send',
      text: undefined,
      noop: false,
      command: undefined,
      openAfter: false,
    })
  })

  test('BEGIN (with an isolation level) becomes a savepoint and opens the transaction', () => {
    expect(translateStatements(['BEGIN ISOLATION LEVEL SERIALIZABLE'], closed)).toMatchObject({
      text: 'SAVEPOINT dbsafe_tx',
      command: 'BEGIN',
      openAfter: true,
    })
  })

  test('a second BEGIN is a no-op, like PostgreSQL’s warning', () => {
    expect(translateStatements(['BEGIN'], open)).toMatchObject({
      noop: true,
      command: 'BEGIN',
      openAfter: true,
    })
  })

  test('COMMIT releases, ROLLBACK rolls back to and releases', () => {
    expect(translateStatements(['COMMIT'], open)).toMatchObject({
      text: 'RELEASE SAVEPOINT dbsafe_tx',
      openAfter: false,
    })
    expect(translateStatements(['ROLLBACK'], open)).toMatchObject({
      text: 'ROLLBACK TO SAVEPOINT dbsafe_tx; RELEASE SAVEPOINT dbsafe_tx',
      command: 'ROLLBACK',
      openAfter: false,
    })
  })

  test('COMMIT of a failed transaction rolls back and reports ROLLBACK, as PostgreSQL does', () => {
    expect(translateStatements(['COMMIT'], { open: true, failed: true })).toMatchObject({
      text: 'ROLLBACK TO SAVEPOINT dbsafe_tx; RELEASE SAVEPOINT dbsafe_tx',
      command: 'ROLLBACK',
    })
  })

  test('AND CHAIN keeps a transaction open', () => {
    expect(translateStatements(['COMMIT AND CHAIN'], open)).toMatchObject({
      text: 'RELEASE SAVEPOINT dbsafe_tx;\nSAVEPOINT dbsafe_tx',
      openAfter: true,
    })
  })

  test('COMMIT without a transaction and SET TRANSACTION send nothing', () => {
    expect(translateStatements(['COMMIT'], closed)).toMatchObject({ noop: true, command: 'COMMIT' })
    expect(translateStatements(['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE'], open)).toMatchObject({
      noop: true,
      command: 'SET',
      openAfter: true,
    })
  })

  test('rewrites transaction control inside a multi-statement text', () => {
    expect(translateStatements(['BEGIN', ' INSERT INTO t VALUES (1)', ' COMMIT'], closed)).toMatchObject({
      text: 'SAVEPOINT dbsafe_tx;\nINSERT INTO t VALUES (1);\nRELEASE SAVEPOINT dbsafe_tx',
      command: undefined,
      openAfter: false,
    })
  })

  test('refuses what a transaction cannot hold, naming the statement', () => {
    expect(translateStatements(['SELECT 1', ' VACUUM t'], closed)).toEqual({
      kind: 'refuse',
      statement: ' VACUUM t',
      what: 'VACUUM',
    })
    expect(translateStatements(['LISTEN jobs'], closed)).toMatchObject({ kind: 'refuse', what: 'LISTEN' })
  })
})
