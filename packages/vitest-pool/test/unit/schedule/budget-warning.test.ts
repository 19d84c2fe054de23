import { expect, test } from 'vitest'
import { budgetWarning } from '../../../src/schedule/budget-warning'
import { connectionBudget } from '../../../src/schedule/schedule-presets'

const RESERVED = 4

function facts(maxConnections: number, connectionsPerFile: number, maxWorkers: number) {
  const usableConnections = maxConnections - 3 // superuser_reserved_connections
  return {
    budget: connectionBudget(usableConnections, RESERVED),
    usableConnections,
    reservedConnections: RESERVED,
    connectionsPerFile,
    maxWorkers,
  }
}

test('max_connections=20 with 10 connections per file: every file runs alone, and the warning says what to change', () => {
  const warning = budgetWarning(facts(20, 10, 2))
  expect(warning).toBe(
    "dbsafe: the server's connection budget (9 connections: 80% of its 17 usable, less 4 for dbsafe) is smaller than one file's connectionsPerFile (10), so every database file runs alone. To run 2 at once, set connectionsPerFile: 4 (if each file's pools open no more) or raise the server's max_connections by 13.",
  )
})

test('the suggested values are enough to run that many files at once', () => {
  const before = facts(20, 10, 4)
  const warning = budgetWarning(before) ?? ''
  const perFile = Number(/connectionsPerFile: (\d+)/.exec(warning)?.[1])
  const raise = Number(/max_connections by (\d+)/.exec(warning)?.[1])
  expect(Math.floor(before.budget / perFile)).toBeGreaterThanOrEqual(4)
  expect(
    Math.floor(connectionBudget(before.usableConnections + raise, RESERVED) / 10),
  ).toBeGreaterThanOrEqual(4)
  expect(Math.floor(connectionBudget(before.usableConnections + raise - 1, RESERVED) / 10)).toBeLessThan(4)
})

test('room for one file but not two is a warning too', () => {
  expect(budgetWarning(facts(30, 10, 2))).toContain('has room for one file at connectionsPerFile (10)')
})

test('no warning when files can run side by side, or when Vitest runs one file at a time', () => {
  expect(budgetWarning(facts(100, 10, 8))).toBeUndefined()
  expect(budgetWarning(facts(20, 4, 2))).toBeUndefined()
  expect(budgetWarning(facts(20, 10, 1))).toBeUndefined()
})
