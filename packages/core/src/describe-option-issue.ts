import type { BaseIssue } from 'valibot'
import { closestName } from './did-you-mean'
import type { OptionSpec } from './option-spec'
import { redactConnectionString } from './redact'

/** Whose options are checked, for the messages. */
export interface OptionsOwner {
  /** How the options are named in a message: `dbsafe`, `DbsafeReporter`. */
  name: string
  /** Where they are documented: `docs/pool.md`. */
  docs: string
}

/** A one-line message (the option, what was given, what is valid) and how to fix it. */
export interface OptionProblem {
  message: string
  hint: string
}

/** The rule at `keys` inside `group`, or the nearest one above it. */
function specAt(group: OptionSpec, keys: readonly string[]): OptionSpec {
  let current = group
  for (const key of keys) {
    const next = current.entries?.[key] ?? current.values
    if (!next) break
    current = next
  }
  return current
}

/** `levels["test/**"]`, `history.file`, `templateInputs[1]`. */
export function formatOptionPath(keys: readonly string[]): string {
  return keys
    .map((key, index) => {
      if (/^\d+$/.test(key)) return `[${key}]`
      if (/^[A-Za-z_$][\w$]*$/.test(key)) return index === 0 ? key : `.${key}`
      return `[${JSON.stringify(key)}]`
    })
    .join('')
}

/** What was given, on one line: `"ten"`, `42`, `a function`; a secret string only as `a string`. */
export function describeGiven(value: unknown, secret = false): string {
  if (value === null || value === undefined) return String(value)
  if (typeof value === 'string') {
    if (secret) return 'a string (not shown: it may hold a password)'
    const text = redactConnectionString(value)
    return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text)
  }
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'symbol') return 'a symbol'
  return String(value)
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ')
}

/** `; did you mean "x"?` or `.`: the end of a one-line message. */
function ending(input: unknown, names: readonly string[] | undefined): string {
  const close = typeof input === 'string' && names ? closestName(input, names) : undefined
  return close === undefined ? '.' : `; did you mean "${close}"?`
}

/** The first valibot issue of an options object, as a one-line message naming the option, and a hint. */
export function describeOptionIssue(
  group: OptionSpec,
  issue: BaseIssue<unknown>,
  owner: OptionsOwner,
): OptionProblem {
  const path = issue.path ?? []
  const keys = path.map((item) => String(item.key))
  const last = path.at(-1)
  const docs = `see ${owner.docs}`
  if (keys.length === 0) {
    return {
      message: `${owner.name} options must be an object, not ${describeGiven(issue.input)}.`,
      hint: `Pass an object such as { migrations: './migrations' } (${docs}).`,
    }
  }
  const parentKeys = keys.slice(0, -1)
  const parent = specAt(group, parentKeys)
  const key = keys.at(-1) ?? ''
  if (last?.origin === 'key' && issue.type === 'strict_object') {
    const names = Object.keys(parent.entries ?? {})
    const close = closestName(key, names)
    if (parentKeys.length === 0) {
      return {
        message: `${owner.name} has no option "${key}"${ending(key, names)}`,
        hint: close
          ? `Rename "${key}" to "${close}".`
          : `Remove it; the options are ${names.join(', ')} (${docs}).`,
      }
    }
    const where = formatOptionPath(parentKeys)
    return {
      message: `${owner.name} option ${where} has no key "${key}"; expected one of ${quoted(names)}${ending(key, names)}`,
      hint:
        parent.hint ??
        (close ? `Rename "${key}" to "${close}".` : `Remove "${key}" from ${where} (${docs}).`),
    }
  }
  if (last?.origin === 'key' && parent.keys) {
    const where = formatOptionPath(parentKeys)
    return {
      message: `${owner.name} option ${where} has the key ${describeGiven(key)}; keys must be ${parent.keys.expects}.`,
      hint: parent.hint ?? `Rename the key (${docs}).`,
    }
  }
  const rule = specAt(group, keys)
  const where = formatOptionPath(keys)
  return {
    message: `${owner.name} option ${where} is ${describeGiven(issue.input, rule.secret)}; expected ${rule.expects}${ending(issue.input, rule.names)}`,
    hint:
      rule.hint ??
      (keys.length === 1
        ? `Fix ${where}, or leave it out for its default (${docs}).`
        : `Fix ${where} (${docs}).`),
  }
}
