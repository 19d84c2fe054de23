import { describe, expect, it } from 'vitest'
import { cloneStatements, median, supportedCloneStrategies } from '../../../src/template/clone-strategy'

describe('clone strategies', () => {
  it('offers what each server version supports', () => {
    expect(supportedCloneStrategies(140011)).toEqual(['FILE_COPY'])
    expect(supportedCloneStrategies(150020)).toEqual(['WAL_LOG', 'FILE_COPY'])
    expect(supportedCloneStrategies(180001)).toEqual(['WAL_LOG', 'FILE_COPY', 'FILE_COPY_CLONE'])
  })

  it('writes the STRATEGY clause only from PostgreSQL 15 and the copy method only from 18', () => {
    expect(cloneStatements('"c"', '"t"', 'FILE_COPY', 140000)).toEqual(['CREATE DATABASE "c" TEMPLATE "t"'])
    expect(cloneStatements('"c"', '"t"', 'WAL_LOG', 150000)).toEqual([
      'CREATE DATABASE "c" TEMPLATE "t" STRATEGY WAL_LOG',
    ])
    expect(cloneStatements('"c"', '"t"', 'FILE_COPY_CLONE', 180000)).toEqual([
      'SET file_copy_method = clone',
      'CREATE DATABASE "c" TEMPLATE "t" STRATEGY FILE_COPY',
    ])
  })

  it('takes the median of odd and even samples', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })
})
