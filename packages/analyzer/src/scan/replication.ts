import { ts } from 'ts-morph'
import { unwrapExpression } from './chain'

/** Clients whose `replication` option opens a walsender connection (node-postgres and pools of its clients). */
const REPLICATION_CLIENTS = new Set(['pg', 'pg-pool'])

/** `?replication=database` (or `true`/`on`/`yes`/`1`) in a connection string. */
const REPLICATION_PARAMETER = /[?&]replication=(database|true|on|yes|1)\b/i

/** The value of an options object's `replication` property when it opens a replication connection. */
function replicationProperty(options: ts.ObjectLiteralExpression): string | undefined {
  for (const property of options.properties) {
    if (!ts.isPropertyAssignment(property) || property.name.getText().replace(/['"]/g, '') !== 'replication')
      continue
    const value = unwrapExpression(property.initializer)
    if (value.kind === ts.SyntaxKind.TrueKeyword) return 'true'
    if (ts.isStringLiteralLike(value) && /^(database|true|on|yes|1)$/i.test(value.text))
      return `'${value.text}'`
  }
  return undefined
}

/**
 * The replication option a client is built with, as written (`replication: 'database'` for logical replication,
 * `true` for physical, `?replication=database` in its connection string), read from the call or from a constant
 * holding its options. Such a connection speaks the replication protocol (a walsender): it creates, streams and
 * drops replication slots, which are server-wide. TypeORM's and Sequelize's `replication: { read, write }`
 * (read replicas) is an object, not this option.
 */
export function replicationOption(
  node: ts.CallExpression | ts.NewExpression,
  client: string,
  constants: ReadonlyMap<string, ts.Expression>,
): string | undefined {
  if (!REPLICATION_CLIENTS.has(client)) return undefined
  for (const argument of node.arguments ?? []) {
    let value: ts.Expression | undefined = unwrapExpression(argument)
    if (ts.isIdentifier(value)) {
      const held = constants.get(value.text)
      value = held && unwrapExpression(held)
    }
    if (!value) continue
    if (ts.isObjectLiteralExpression(value)) {
      const option = replicationProperty(value)
      if (option) return `replication: ${option}`
    }
    if (ts.isStringLiteralLike(value) && REPLICATION_PARAMETER.test(value.text))
      return 'replication in its URL'
  }
  return undefined
}
