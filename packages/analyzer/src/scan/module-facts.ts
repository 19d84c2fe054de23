import type { Finding, HookName } from '../evidence'

/** 1-based position in a module. */
export interface Position {
  line: number
  column: number
}

/** An `import`, `export … from`, `import()` or `require()` of one module. */
export interface ImportFact extends Position {
  specifier: string
  /** `import type` or only type bindings: loads nothing. */
  typeOnly: boolean
  /** Local name → imported name (`default`, `*` for a namespace, or the export name). */
  bindings: Record<string, string>
  /** For `export … from`: exported name → imported name (`*` → `*` for `export *`). */
  reexports?: Record<string, string>
}

/** Where SQL text comes from, as far as one module can tell. */
export type SqlSource =
  | { type: 'text'; text: string }
  | { type: 'file'; path: string }
  | { type: 'import'; local: string }
  | { type: 'unknown'; why: string }

/** A client that a module builds (`new Pool()`, `knex({ connection })`, `new PrismaClient()`, …). */
export interface ClientFact extends Position {
  /** The client package, e.g. `pg`, `knex`, `@prisma/client`. */
  client: string
  /** Set when the client is provably built for another engine than PostgreSQL (`SQLite`, `MySQL`, …). */
  engine?: string
  text: string
}

/**
 * A call of a function (`local`) or of the method `local` of an imported object (`owner`) with SQL text at
 * `argument` (or, when `text` is absent, a value that cannot be read): the function may pass it to a query call.
 */
export interface WrapperCall {
  local: string
  owner?: string
  /**
   * `local` is a method of a value the module holds (`store.run(…)` on `const store = await openStore()`): it is
   * looked up among the functions and class methods of the project modules this module imports.
   */
  onValue?: true
  argument: number
  text?: string
  hook?: HookName
}

/** A use of a binding that only the import graph can settle. */
export type DeferredFact =
  /** SQL passed to a query call is an imported constant. */
  | (Position & { type: 'sql'; local: string; hook?: HookName })
  /**
   * A hook calls a function (local or imported), or the method `local` of the object `owner`: its findings
   * are graded as if in the hook.
   */
  | (Position & { type: 'hook-call'; local: string; hook: HookName; owner?: string })
  /**
   * A call of an imported function with SQL text (or, when `text` is absent, a value that cannot be read) at
   * `argument`: the function may pass it to a query call.
   */
  | (Position & { type: 'wrapper-call' } & WrapperCall)
  /** A SQL file read at run time; classified with the graph so its content is part of the cache key. */
  | (Position & { type: 'sql-file'; path: string; hook?: HookName })
  /**
   * A function handed to the function `local` (local or imported) at `argument`, at `path` inside an object
   * literal (`runSuite({ db: { reset: async () => … } })`: argument 0, path `['db', 'reset']`), with the findings
   * inside it: graded as in a hook when `local` calls that member of its parameter in one.
   */
  | (Position & { type: 'callback'; local: string; argument: number; path: string[]; findings: Finding[] })

/** Everything the analyzer keeps about one module; pure data, cached by the module's content hash. */
export interface ModuleFacts {
  imports: ImportFact[]
  /** `vi.mock(specifier)` calls that replace a module (not `{ spy: true }`, not partial mocks). */
  mocks: Array<Position & { specifier: string }>
  clients: ClientFact[]
  /** Evidence located in this module, hook rules applied. */
  findings: Finding[]
  /** Local function name → the findings inside it (no hook grading), for hook calls. */
  functions: Record<string, Finding[]>
  /** Local function name → the functions it calls (local names or imported bindings), for hook calls. */
  calls: Record<string, string[]>
  /** Local function name → the index of a parameter it passes to a query call as SQL. */
  wrappers: Record<string, number>
  /**
   * Local function name → its parameters that it hands on to another function (`to`, a local name or an
   * imported binding) at `argument`: a wrapper of a wrapper (`run(sql) → exec(sql) → pool.query(sql)`).
   */
  forwards: Record<string, Array<{ parameter: number; to: string; argument: number; onValue?: true }>>
  /**
   * Local function name → members of its parameters that it calls in a hook (`beforeAll(() => options.db.reset())`:
   * parameter 0, path `['db', 'reset']`; `afterAll(teardown)`: the parameter itself, path `[]`). Absent in facts
   * cached before it existed.
   */
  hookedParameters?: Record<string, Array<{ parameter: number; path: string[]; hook: HookName }>>
  /** Exported name → local name. */
  exports: Record<string, string>
  /** Exported functions and classes (local names): passed as a callback (`rows.map(fn)`), they are not SQL. */
  callables: string[]
  /** Local constant name → its SQL text or file, for constants that reach query calls in other modules. */
  strings: Record<string, Extract<SqlSource, { type: 'text' | 'file' }>>
  deferred: DeferredFact[]
  /** Set when the module has syntax errors: what and where. */
  parseError?: string
  /** `// @db-level <name>` before the first test. */
  annotation?: Position & { name: string }
}
