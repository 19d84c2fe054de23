/** A PostgreSQL identifier, double-quoted and escaped: safe to splice into DDL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** A PostgreSQL string literal, single-quoted and escaped: for statements that take no parameters (COMMENT ON). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}
