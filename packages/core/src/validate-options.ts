import { safeParse } from 'valibot'
import { describeOptionIssue, type OptionsOwner } from './describe-option-issue'
import { DbsafeError } from './errors'
import type { OptionSpec } from './option-spec'

/**
 * Checks an options object against a group of {@link OptionSpec}s (a valibot schema) and returns it unchanged.
 * The first problem throws `DBSAFE_CONFIG_INVALID` with a one-line message — the option, what was given, what
 * is valid, a "did you mean" for a misspelt key or name — and a hint.
 */
export function validateOptions<T>(group: OptionSpec, input: unknown, owner: OptionsOwner): T {
  const result = safeParse(group.schema, input, { abortEarly: true })
  if (result.success) return input as T
  const { message, hint } = describeOptionIssue(group, result.issues[0], owner)
  const error = new DbsafeError('DBSAFE_CONFIG_INVALID', message, { hint })
  // A mistake in the config, not a bug: frames inside dbsafe would only bury the line that matters.
  error.stack = `${error.name}: ${error.message}`
  throw error
}
