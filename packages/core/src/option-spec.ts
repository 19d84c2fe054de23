import * as v from 'valibot'

/**
 * The rule of one option: a valibot schema and, for the error a person reads, what is valid. Build specs with
 * {@link optionSpec}; check an options object against a group of them with `validateOptions`.
 */
export interface OptionSpec {
  /** The valibot schema of a value that is given (an absent option is always allowed: it takes its default). */
  readonly schema: v.GenericSchema
  /** What is valid, in words: `a whole number of 1 or more`, `one of 'fail', 'warn', 'off'`. */
  readonly expects: string
  /** The valid names, when the value is one of a few strings: a misspelt one gets a "did you mean". */
  readonly names?: readonly string[]
  /** The value may hold a password (a URL): an error names its type, never the value. */
  readonly secret?: boolean
  /** A group: the options inside it (unknown keys are errors). */
  readonly entries?: Readonly<Record<string, OptionSpec>>
  /** A record: the rule of each key, when keys are constrained. */
  readonly keys?: OptionSpec
  /** A record: the rule of each value. */
  readonly values?: OptionSpec
  /** How to fix a wrong value, when more can be said than `expects`. */
  readonly hint?: string
}

function spec(schema: v.GenericSchema, expects: string, extra: Partial<OptionSpec> = {}): OptionSpec {
  return { schema, expects, ...extra }
}

function range(min: number, max: number | undefined, noun: string): string {
  return max === undefined ? `${noun} of ${min} or more` : `${noun} from ${min} to ${max}`
}

/** Builders of {@link OptionSpec}s. */
export const optionSpec = {
  /** A whole number from `min` (default 0) up to `max` (default unbounded). */
  integer(min = 0, max?: number): OptionSpec {
    const schema =
      max === undefined
        ? v.pipe(v.number(), v.integer(), v.minValue(min))
        : v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max))
    return spec(schema, range(min, max, 'a whole number'))
  },
  /** A finite number from `min` up to `max` (a share: 0 to 1). */
  number(min: number, max?: number): OptionSpec {
    const schema =
      max === undefined
        ? v.pipe(v.number(), v.finite(), v.minValue(min))
        : v.pipe(v.number(), v.finite(), v.minValue(min), v.maxValue(max))
    return spec(schema, range(min, max, 'a number'))
  },
  /** `true` or `false`. */
  boolean(): OptionSpec {
    return spec(v.boolean(), 'true or false')
  },
  /** Any string, also `''`. */
  string(expects = 'a string'): OptionSpec {
    return spec(v.string(), expects)
  },
  /** A non-empty string, matching `pattern` when given (`expects` then says what it must look like). */
  text(expects = 'a non-empty string', pattern?: RegExp): OptionSpec {
    const schema = pattern
      ? v.pipe(v.string(), v.minLength(1), v.regex(pattern))
      : v.pipe(v.string(), v.minLength(1))
    return spec(schema, expects)
  },
  /** One of a few names. */
  oneOf(names: readonly string[]): OptionSpec {
    return spec(v.picklist(names), `one of ${names.map((name) => `'${name}'`).join(', ')}`, { names })
  },
  /** A function; `expects` shows its signature: `a function (url) => Promise<void>`. */
  fn(expects: string): OptionSpec {
    return spec(v.function(), expects)
  },
  /** Any of the given rules. */
  anyOf(expects: string, ...options: OptionSpec[]): OptionSpec {
    const names = options.flatMap((option) => option.names ?? [])
    return spec(v.union(options.map((option) => option.schema)), expects, names.length ? { names } : {})
  },
  /** An array whose every item follows `item`. */
  list(item: OptionSpec, expects: string): OptionSpec {
    return spec(v.array(item.schema), expects, { values: item })
  },
  /** An object of any keys (following `keys` when given), each value following `values`. */
  record(values: OptionSpec, expects: string, keys?: OptionSpec): OptionSpec {
    const keySchema = (keys?.schema ?? v.string()) as v.GenericSchema<string, string>
    return spec(v.record(keySchema, values.schema), expects, { values, ...(keys ? { keys } : {}) })
  },
  /** An object of named options, each optional; any other key is an error (with a "did you mean"). */
  group(entries: Readonly<Record<string, OptionSpec>>, expects = 'an object', hint?: string): OptionSpec {
    const shape = Object.fromEntries(
      Object.entries(entries).map(([key, entry]) => [key, v.optional(entry.schema)]),
    )
    return spec(v.strictObject(shape), expects, { entries, ...(hint ? { hint } : {}) })
  },
  /** The same rule, or `undefined` (inside a record: `process.env` has undefined values). */
  optional(option: OptionSpec): OptionSpec {
    return { ...option, schema: v.optional(option.schema), expects: `${option.expects} or undefined` }
  },
  /** The same rule, but the value is never printed in an error (it may hold a password). */
  secret(option: OptionSpec): OptionSpec {
    return {
      ...option,
      secret: true,
      ...(option.values ? { values: { ...option.values, secret: true } } : {}),
    }
  },
  /** The same rule with a hint of its own. */
  withHint(option: OptionSpec, hint: string): OptionSpec {
    return { ...option, hint }
  },
}
