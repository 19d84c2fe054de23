import { CONNECTION_BUDGET_SHARE } from './schedule-presets'

/** What {@link budgetWarning} weighs. */
export interface BudgetFacts {
  /** Connections test files may hold together (see `connectionBudget`). */
  budget: number
  /** `max_connections` minus the server's reserved slots. */
  usableConnections: number
  /** Connections dbsafe keeps for itself out of the budget. */
  reservedConnections: number
  /** The `connectionsPerFile` option. */
  connectionsPerFile: number
  /** Files Vitest may run at once (`maxWorkers`). */
  maxWorkers: number
}

/**
 * A warning when the connection budget lets only one database file run at a time although Vitest runs
 * several (with `max_connections=20` and 10 connections per file, every database file runs alone); it says
 * both ways out: a smaller `connectionsPerFile`, or a larger `max_connections`. Undefined when files can run
 * side by side.
 */
export function budgetWarning(facts: BudgetFacts): string | undefined {
  const { budget, usableConnections, reservedConnections, connectionsPerFile, maxWorkers } = facts
  if (maxWorkers < 2 || Math.floor(budget / connectionsPerFile) >= 2) return undefined
  const target = maxWorkers
  const perFile = Math.max(1, Math.floor(budget / target))
  const neededUsable = Math.ceil(
    (target * connectionsPerFile + reservedConnections) / CONNECTION_BUDGET_SHARE,
  )
  const what = budget < connectionsPerFile ? "is smaller than one file's" : 'has room for one file at'
  return (
    `dbsafe: the server's connection budget (${budget} connections: ${Math.round(CONNECTION_BUDGET_SHARE * 100)}% of its ${usableConnections} usable, less ${reservedConnections} for dbsafe) ` +
    `${what} connectionsPerFile (${connectionsPerFile}), so every database file runs alone. ` +
    `To run ${target} at once, set connectionsPerFile: ${perFile} (if each file's pools open no more) or raise the server's max_connections by ${neededUsable - usableConnections}.`
  )
}
