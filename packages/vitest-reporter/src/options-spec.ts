import { type OptionSpec, type OptionsOwner, optionSpec as o, validateOptions } from '@dbsafe/core'
import type { FlakyOptions } from './flaky'
import type { DbsafeReporterOptions, HistoryOptions } from './options'
import type { SlowdownOptions } from './slowdowns'

/** Whose options these are, for the messages. */
const OWNER: OptionsOwner = { name: 'DbsafeReporter', docs: 'docs/reporter.md' }

/** A share: a number from 0 to 1. */
const share = o.number(0, 1)

// Each `satisfies` makes its group complete: an option added to the interface does not type-check until it
// has its rule here (a rule may land before its option; remove the rule of an option that is removed).
const HISTORY = {
  file: o.text('a path relative to the Vitest root'),
  url: o.secret(o.text('a PostgreSQL URL such as postgres://user:password@host:5432/ci')),
  table: o.text('a plain SQL identifier (letters, digits, _)', /^[a-z_][a-z0-9_]*$/i),
  maxRuns: o.integer(1),
  maxAgeDays: o.number(0),
} satisfies Record<keyof HistoryOptions, OptionSpec> & Record<string, OptionSpec>

const FLAKY = {
  infraFailureShare: share,
  windowRuns: o.integer(2),
  flagFlipRate: share,
  clearFlipRate: share,
  minSamples: o.integer(1),
} satisfies Record<keyof FlakyOptions, OptionSpec> & Record<string, OptionSpec>

const SLOWDOWNS = {
  minSamples: o.integer(1),
  baselineRuns: o.integer(1),
  sustainRuns: o.integer(1),
  minSlowdownRatio: o.number(0),
  minDurationMs: o.number(0),
  erraticSpread: o.number(0),
  thresholdSigmas: o.number(0),
} satisfies Record<keyof SlowdownOptions, OptionSpec> & Record<string, OptionSpec>

const REPORTER = {
  history: o.group(HISTORY),
  flaky: o.group(FLAKY),
  slowdowns: o.group(SLOWDOWNS),
  topCount: o.integer(1),
  summary: o.boolean(),
  html: o.boolean(),
  github: o.boolean(),
  maxAnnotations: o.integer(0),
  env: o.secret(o.record(o.optional(o.string()), 'an object of variables, such as process.env')),
} satisfies Record<keyof DbsafeReporterOptions, OptionSpec> & Record<string, OptionSpec>

/** Every option of `new DbsafeReporter({...})`, as one group. */
export const REPORTER_OPTIONS_SPEC: OptionSpec = o.group(REPORTER)

/**
 * Checks the reporter's options when it is created (config load): an unknown key, a wrong type or a value out
 * of range throws `DBSAFE_CONFIG_INVALID` with a one-line message naming the option, what was given and what is valid.
 */
export function validateReporterOptions(options: unknown): DbsafeReporterOptions {
  return validateOptions<DbsafeReporterOptions>(REPORTER_OPTIONS_SPEC, options ?? {}, OWNER)
}
