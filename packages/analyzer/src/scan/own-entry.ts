/**
 * `record[key]` when `key` is the record's own, undefined otherwise. The facts of a module are records keyed by
 * the names in its code, and a name like `constructor` or `toString` would otherwise read what every object
 * inherits (a function, not the facts of a function of that name).
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined
}
