import { ts } from 'ts-morph'
import { type Effect, type Finding, gradeInHook, type HookName } from '../evidence'
import { packageName } from '../graph/module-resolver'
import { classifySql, looksLikeSql } from '../sql/classify-sql'
import { carriedState } from './carried-state'
import { chainDisplay, chainNames, chainRoot, unwrapExpression } from './chain'
import { COMMAND_RUNNERS, commandEffect } from './cli-commands'
import { clientPackageOf, driverOf, isClientCreator } from './client-packages'
import { bindingNames, collectDeclarations, type Declarations } from './collect-declarations'
import { connectOptionsEffect } from './connect-options'
import {
  type Connection,
  type ConnectionUse,
  connectionOf,
  exhaustedPool,
  readOfAnotherConnection,
  type SizedPool,
  sizedPool,
  writes,
} from './connections'
import { CLIENT_TYPES, databaseRoots, isOfflineBuilder } from './database-roots'
import { findAnnotation } from './find-annotation'
import { isTemplateTag, runsHere } from './fragments'
import { destructuredNames, handedCallbacks, parameterMember } from './handed-callbacks'
import { importsLibrary, packageParts } from './library-imports'
import type { ModuleFacts, Position, SqlSource, WrapperCall } from './module-facts'
import { inNodeEmitterClass } from './node-emitters'
import { methodEffect, QUERY_METHODS, RAW_SQL_METHODS } from './orm-methods'
import { buildsDriverClient, otherEngineDriver, otherEngineOf } from './other-engines'
import { ownEntry } from './own-entry'
import { packageUnderTest } from './package-under-test'
import { holdsInMemoryValue } from './plain-properties'
import { replicationOption } from './replication'
import { CONNECTIONS_PER_FILE, type Loop, loopCount, opensManyAtOnce } from './saturation'
import { isParameterAt, resolveSqlArgument, type SqlArgumentScope, sqlFileArgument } from './sql-argument'
import { hookOf, isTestCall, mockedSpecifier } from './vitest-calls'
import { wrapperEffects } from './wrapper-effects'

/** Calls that turn a builder into text: the chain before them never reaches a server. */
const OFFLINE_TERMINALS = new Set([
  'toSQL',
  'toString',
  'compile',
  'toQuery',
  'toSql',
  'toSQLString',
  'getSQL',
])

/** Calls that take TypeORM connection options (`new DataSource({ synchronize: true })`). */
const TYPEORM_OPTION_CALLS = /(DataSource|createConnection|forRoot|forRootAsync|forFeature)$/

/** Calls that take MikroORM options (`MikroORM.init({ ensureDatabase: true })`). */
const MIKRO_ORM_OPTION_CALLS = /(MikroORM|\.init|\.initSync|defineConfig|forRoot|forRootAsync)$/

/** What the walk knows at a node. */
interface WalkContext {
  hook?: HookName
  /** The innermost named function and its parameter names. */
  fn?: { name: string; parameters: string[] }
  /** The innermost loop statement or loop callback (`Array.from({ length }, …)`). */
  loop?: Loop
  /** Inside a test or a hook: code that runs while the file's tests do. */
  inTest?: boolean
  /** Inside a function handed to another function: its findings, for that function's hooks. */
  callback?: Finding[]
}

/**
 * The default export of one of a library's inner modules (`require('knex/lib/query/joinclause')`) is that
 * module's own class, not the library's client factory; its entry (`…/index`, `knex/knex.js`) is.
 */
function innerModule(origin: { specifier: string; imported: string }, pkg: string, member?: string): boolean {
  if (member !== undefined || origin.specifier === pkg || !['default', '*'].includes(origin.imported))
    return false
  const last = origin.specifier
    .split('/')
    .pop()!
    .replace(/\.[cm]?[jt]s$/, '')
  return last !== 'index' && last !== pkg.split('/').pop()
}

/** Scans one parsed module for database evidence. The SQL parser must be loaded. */
export function scanModule(sourceFile: ts.SourceFile, root: string): ModuleFacts {
  const declarations = collectDeclarations(sourceFile)
  for (const [local, origin] of declarations.importedFrom) {
    const library = packageUnderTest(sourceFile.fileName, origin.specifier)
    if (library) declarations.importedFrom.set(local, { ...origin, specifier: library })
  }
  const { roots, offline } = databaseRoots(declarations)
  const associations = /\.(hasMany|belongsToMany|hasOne|belongsTo)\(|Associations?Mixin\b/.test(
    sourceFile.text,
  )
  const facts: ModuleFacts = {
    imports: declarations.imports,
    mocks: [],
    clients: [],
    findings: [],
    functions: {},
    wrappers: {},
    forwards: {},
    calls: {},
    exports: declarations.exports,
    callables: [...declarations.functions, ...declarations.classes.keys()].filter((name) =>
      Object.values(declarations.exports).includes(name),
    ),
    strings: {},
    deferred: [],
  }
  const scope: SqlArgumentScope = {
    file: sourceFile.fileName,
    root,
    constants: declarations.constants,
    imported: new Map([...declarations.importedFrom].map(([local, origin]) => [local, origin.specifier])),
    callables: new Set([...declarations.functions, ...declarations.classes.keys()]),
  }
  const skipped = new Set<ts.Node>()
  /** Functions handed to another function, with the findings collected inside each. */
  const callbacks = new Map<ts.Node, Finding[]>()
  const destructured = destructuredNames(sourceFile)
  /** `beforeAll(() => options.db.reset())` in a function: that member of its parameter runs in the hook. */
  const noteHookedParameter = (expression: ts.Expression, context: WalkContext) => {
    const member =
      context.hook && context.fn && parameterMember(expression, context.fn.parameters, destructured)
    if (!member || !context.hook || !context.fn) return
    facts.hookedParameters ??= {}
    const hooked = ownEntry(facts.hookedParameters, context.fn.name) ?? []
    hooked.push({ ...member, hook: context.hook })
    facts.hookedParameters[context.fn.name] = hooked
  }
  const wrapperCalls: Array<Position & WrapperCall> = []
  let firstTest = Number.POSITIVE_INFINITY
  const importedParts = declarations.imports.flatMap((fact) =>
    packageParts({ specifier: packageUnderTest(sourceFile.fileName, fact.specifier) ?? fact.specifier }),
  )
  const connections = new Map<string, Connection>()
  const sizedPools: SizedPool[] = []
  const uses: ConnectionUse[] = []
  const loads = new Set<ts.Node>()
  /** A statement or ORM call on a connection the module keeps, for the cross-connection rule. */
  const noteUse = (
    rootName: string | undefined,
    effects: readonly Effect[],
    node: ts.Node,
    context: WalkContext,
  ) => {
    // A name that only some libraries' API makes a database call (`clear`, `flush`) is one here only if this
    // module imports one of them.
    const known = effects.filter(
      (effect) => !effect.libraries || importsLibrary(importedParts, effect.libraries),
    )
    if (!context.inTest || !rootName || known.length === 0) return
    const local = connections.has(rootName)
    if (!local && !declarations.importedFrom.has(rootName)) return
    uses.push({ name: rootName, writes: known.some(writes), node, local })
  }

  const position = (node: ts.Node): Position => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile))
    return { line: line + 1, column: character + 1 }
  }
  const receiverOf = (rootName: string | undefined) =>
    (rootName && declarations.importedFrom.get(rootName)?.specifier) || ''
  const record = (
    node: ts.Node,
    effect: Effect & Pick<Finding, 'receiver' | 'handedTo' | 'onlyWithWrites'>,
    kind: Finding['kind'],
    context: WalkContext,
  ) => {
    const raw: Finding = { ...effect, kind: effect.uncertain ? 'uncertain' : kind, ...position(node) }
    facts.findings.push(gradeInHook(raw, context.hook))
    context.callback?.push(raw)
    if (context.fn) {
      const inFunction = ownEntry(facts.functions, context.fn.name) ?? []
      inFunction.push(raw)
      facts.functions[context.fn.name] = inFunction
    }
  }
  const recordSources = (
    node: ts.Node,
    sources: SqlSource[],
    context: WalkContext,
    shown: string,
    strict: boolean,
    receiver = '',
    builtFor?: string,
  ) => {
    for (const source of sources) {
      if (source.type === 'text') {
        const { effects, parseError } = classifySql(source.text)
        if (parseError && effects.length === 0 && strict && looksLikeSql(source.text)) {
          record(
            node,
            { level: 'shared-writes', text: `${shown}: SQL that does not parse`, uncertain: true },
            'sql',
            context,
          )
        }
        // A statement only built here (`builtFor`: the tag's receiver) needs a client to run on, like a method call.
        for (const effect of effects)
          record(
            node,
            builtFor !== undefined
              ? { ...effect, receiver: builtFor }
              : receiver
                ? { ...effect, handedTo: receiver }
                : effect,
            'sql',
            context,
          )
      } else if (source.type === 'file') {
        facts.deferred.push({
          type: 'sql-file',
          path: source.path,
          ...position(node),
          ...(context.hook ? { hook: context.hook } : {}),
        })
      } else if (source.type === 'import') {
        facts.deferred.push({
          type: 'sql',
          local: source.local,
          ...position(node),
          ...(context.hook ? { hook: context.hook } : {}),
        })
      } else if (strict) {
        record(
          node,
          { level: 'shared-writes', text: `${shown}: ${source.why}`, uncertain: true, receiver },
          'sql',
          context,
        )
      }
    }
  }

  /** SQL text passed to a possible wrapper, `undefined` when it cannot be read, `null` when it is not SQL. */
  const wrapperArgument = (argument: ts.Expression): string | undefined | null => {
    const node = unwrapExpression(argument)
    const candidate =
      ts.isIdentifier(node) ||
      ts.isTemplateLiteral(node) ||
      ts.isStringLiteral(node) ||
      ts.isCallExpression(node) ||
      ts.isBinaryExpression(node)
    if (!candidate) return null
    const sources = resolveSqlArgument(node, scope)
    const [source] = sources
    if (sources.length !== 1 || !source) return null
    if (source.type === 'text') return looksLikeSql(source.text) ? source.text : null
    return source.type === 'unknown' ? undefined : null
  }

  const visitQueryCall = (
    call: ts.CallExpression,
    method: string,
    rootName: string | undefined,
    context: WalkContext,
  ) => {
    const [first] = call.arguments
    if (
      !first ||
      ts.isArrowFunction(first) ||
      ts.isFunctionExpression(first) ||
      ts.isTaggedTemplateExpression(unwrapExpression(first))
    )
      return
    // `sql\`SELECT 1\`.execute(db)` (kysely): the template is the statement, the argument the client.
    const callee = call.expression
    if (ts.isPropertyAccessExpression(callee)) {
      const receiver = unwrapExpression(callee.expression)
      const rawCall =
        ts.isCallExpression(receiver) &&
        ts.isPropertyAccessExpression(receiver.expression) &&
        receiver.expression.name.text === 'raw'
      if (ts.isTaggedTemplateExpression(receiver) || rawCall) return
    }
    const receiverIsDatabase = (rootName !== undefined && roots.has(rootName)) || RAW_SQL_METHODS.has(method)
    const argument = unwrapExpression(first)
    // A function that passes its parameter to a database query is a wrapper (`/re/.exec(text)` is not), also
    // through a call that builds the query object from it (`client.query(copyTo(sql))`).
    const forwarded = ts.isCallExpression(argument)
      ? argument.arguments.map(unwrapExpression).find(ts.isIdentifier)
      : argument
    if (
      receiverIsDatabase &&
      forwarded &&
      ts.isIdentifier(forwarded) &&
      context.fn &&
      (!declarations.constants.has(forwarded.text) || isParameterAt(forwarded, forwarded.text))
    ) {
      const index = context.fn.parameters.indexOf(forwarded.text)
      if (index >= 0) {
        facts.wrappers[context.fn.name] = index
        return
      }
    }
    // `db.execute(db.insert(users).values(…))`: a query builder's own methods are the evidence.
    if (ts.isCallExpression(argument) && isBuilderChain(argument)) return
    const sources = resolveSqlArgument(first, scope)
    const literal = sources.every((source) => source.type === 'text')
    if (
      literal &&
      !receiverIsDatabase &&
      !sources.some((source) => source.type === 'text' && looksLikeSql(source.text))
    )
      return
    if (!literal && !receiverIsDatabase) return
    const shown = `${chainNames(call.expression).join('.')}()`
    recordSources(call, sources, context, shown, receiverIsDatabase, receiverOf(rootName))
    const effects = sources.flatMap((source) =>
      source.type === 'text' ? classifySql(source.text).effects : [],
    )
    noteUse(rootName, effects, call, context)
    if (receiverIsDatabase) recordLoad(call, context)
  }

  /**
   * Queries fanned out by an `Array.from({ length })` callback: a load test when the test times them
   * (`performance.now()`, `Date.now()`, `hrtime`) or when there are 100 or more at once.
   */
  const recordLoad = (call: ts.CallExpression, context: WalkContext) => {
    const loop = context.loop
    if (!loop || ts.isIterationStatement(loop, false) || loads.has(loop)) return
    const count = loopCount(loop, declarations.constants)
    if (count !== undefined && count <= CONNECTIONS_PER_FILE) return
    let body: ts.Node | undefined = loop
    while (body && !(ts.isCallExpression(body) && isTestCall(body))) body = body.parent
    const timed =
      body !== undefined && /\b(performance\.now|Date\.now|hrtime|console\.time)\b/.test(body.getText())
    if (!timed && (count === undefined || count < 100)) return
    loads.add(loop)
    const many = count === undefined ? 'many' : String(count)
    const text = timed
      ? `${many} concurrent queries, timed: a load test with a throughput or latency assertion`
      : `${many} concurrent queries: a high-concurrency load`
    record(call, { level: 'sequential', text }, 'client', context)
  }

  /** Whether a call chain on a database root goes through a query-builder method (`insert`, `select`, …). */
  const isBuilderChain = (call: ts.CallExpression): boolean => {
    const rootName = chainRoot(call.expression)
    if (!rootName || !roots.has(rootName)) return false
    const names = chainNames(call.expression)
    return names
      .slice(1)
      .some(
        (method) => methodEffect({ method, path: [], hasArguments: true, truncates: false }) !== undefined,
      )
  }

  const visitCall = (call: ts.CallExpression, outer: WalkContext): WalkContext | 'skip' => {
    let context = outer
    if (isTestCall(call)) {
      firstTest = Math.min(firstTest, call.getStart(sourceFile))
      addCallbackParameters(call)
      // Tests built in a loop run one after the other: what each opens is not held by the loop.
      context = { ...context, loop: undefined, inTest: true }
    }
    const mocked = mockedSpecifier(call)
    if (mocked !== undefined) {
      facts.mocks.push({ specifier: mocked, ...position(call) })
      return 'skip'
    }
    const hook = hookOf(call)
    if (hook) {
      addCallbackParameters(call)
      for (const argument of call.arguments) {
        noteHookedParameter(argument, { ...context, hook })
        if (
          ts.isIdentifier(argument) &&
          (declarations.functions.has(argument.text) || declarations.importedFrom.has(argument.text))
        ) {
          facts.deferred.push({ type: 'hook-call', local: argument.text, hook, ...position(argument) })
        } else if (
          // `afterEach(testDb.reset)`: a method handed over by reference runs in the hook too.
          ts.isPropertyAccessExpression(argument) &&
          ts.isIdentifier(argument.expression) &&
          declarations.importedFrom.has(argument.expression.text)
        ) {
          const owner = argument.expression.text
          facts.deferred.push({
            type: 'hook-call',
            local: argument.name.text,
            owner,
            hook,
            ...position(argument),
          })
        }
      }
      return { ...context, hook, loop: undefined, inTest: true }
    }
    const callee = call.expression
    const rootName = chainRoot(callee)
    visitCreation(call, context)
    visitCommand(call, context)
    noteHookedParameter(callee, context)
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text
      if (rootName && offline.has(rootName)) return context
      if (OFFLINE_TERMINALS.has(method)) {
        for (let inner: ts.Expression = callee.expression; ; ) {
          inner = unwrapExpression(inner)
          skipped.add(inner)
          if (ts.isCallExpression(inner) || ts.isPropertyAccessExpression(inner)) inner = inner.expression
          else if (ts.isTaggedTemplateExpression(inner)) inner = inner.tag
          else break
        }
        return context
      }
      if (skipped.has(call)) return context
      // `sql.raw(name)` of drizzle, kysely or slonik builds a fragment; it runs only where it is awaited or executed.
      const fragment =
        method === 'raw' && rootName !== undefined && isTemplateTag(rootName, sourceFile) && !runsHere(call)
      if (QUERY_METHODS.has(method) && !isTestCall(call) && !fragment)
        visitQueryCall(call, method, rootName, context)
      const owner = ts.isIdentifier(callee.expression) || callee.expression.kind === ts.SyntaxKind.ThisKeyword
      if (context.hook && owner && rootName) {
        // `afterEach(() => testDb.reset())`: the method's body is judged as if it ran in the hook. The owner is
        // traced to an import when it is one, or built from one (`const testDb = new TestDb()`).
        const initializer = declarations.constants.get(rootName)
        const built = initializer ? chainRoot(initializer) : undefined
        const traced = built && declarations.importedFrom.has(built) ? built : rootName
        facts.deferred.push({
          type: 'hook-call',
          local: method,
          owner: traced,
          hook: context.hook,
          ...position(call),
        })
      }
      const [fileArgument] = call.arguments
      if (method === 'file' && fileArgument && rootName && roots.has(rootName)) {
        const shown = `${chainNames(callee).join('.')}()`
        recordSources(
          call,
          [sqlFileArgument(fileArgument, scope)],
          context,
          shown,
          true,
          receiverOf(rootName),
        )
      }
      // `db.exec('DELETE …')` on an object imported from a project module that wraps a client.
      if (
        ts.isIdentifier(callee.expression) &&
        declarations.importedFrom.has(callee.expression.text) &&
        !QUERY_METHODS.has(method)
      )
        collectWrapperCall(call, method, callee.expression.text, context)
      else if (
        rootName &&
        (roots.has(rootName) || context.fn?.parameters.includes(rootName)) &&
        !QUERY_METHODS.has(method)
      )
        // `const store = await openStore(); store.run('CREATE DATABASE …')`: a method of a project class or helper.
        collectWrapperCall(call, method, undefined, context, true)
      if (rootName && roots.has(rootName)) visitClientMethod(call, method, context)
      else if (rootName && context.fn?.parameters.includes(rootName))
        visitParameterSchemaCall(call, method, context)
      if (rootName && roots.has(rootName)) {
        const path = chainNames(callee.expression)
        const truncates = call.arguments.some((argument) => /\btruncate\s*:\s*true/.test(argument.getText()))
        const hasArguments = call.arguments.length > 0
        const shownReceiver = chainDisplay(callee.expression)
        // `this.destroy(err)` in a class extending a Node stream or emitter: the stream's own method;
        // `this.jobs.delete(id)` on a `jobs = new Map()` of the class: an in-memory value.
        const notDatabase =
          (path.join('.') === 'this' && inNodeEmitterClass(call, declarations)) ||
          (path.length === 2 && path[0] === 'this' && holdsInMemoryValue(call, path[1] ?? ''))
        const effect = notDatabase
          ? undefined
          : methodEffect({ method, path, hasArguments, truncates, shownReceiver, associations })
        if (effect) {
          record(call, { ...effect, receiver: receiverOf(rootName) }, 'orm', context)
          noteUse(rootName, [effect], call, context)
          recordLoad(call, context)
        }
        // knex's `.timeout(ms, { cancel: true })` cancels the timed-out query from another connection
        // (`pg_cancel_backend`), a signal to another server session.
        const [, timeoutOptions] = call.arguments
        if (
          method === 'timeout' &&
          timeoutOptions &&
          /\bcancel\s*:\s*true\b/.test(timeoutOptions.getText())
        ) {
          const text = `${shownReceiver}.timeout(…, { cancel: true }) cancels the query with pg_cancel_backend() from another connection: signals other server sessions`
          record(call, { level: 'sequential', text, libraries: ['knex'] }, 'orm', context)
        }
        if (method === 'connect') {
          recordSaturation(call, `${path.join('.')}.connect()`, context)
          const checkout = connectionOf(call, new Set(connections.keys()), true)
          if (checkout) connections.set(checkout.name, checkout)
        }
        for (const argument of call.arguments) {
          if (ts.isArrowFunction(argument) || ts.isFunctionExpression(argument)) {
            for (const parameter of argument.parameters)
              if (ts.isIdentifier(parameter.name)) roots.add(parameter.name.text)
          }
        }
      }
    } else if (ts.isIdentifier(callee)) {
      const name = callee.text
      const origin = declarations.importedFrom.get(name)
      if (origin && /migrat/i.test(origin.specifier) && !origin.specifier.startsWith('.')) {
        record(
          call,
          { level: 'schema-changes', text: `${name}() from ${origin.specifier} runs migrations` },
          'orm',
          context,
        )
      }
      if (context.hook && (declarations.functions.has(name) || origin)) {
        facts.deferred.push({ type: 'hook-call', local: name, hook: context.hook, ...position(call) })
      }
      if (context.fn && context.fn.name !== name && (declarations.functions.has(name) || origin)) {
        const calls = ownEntry(facts.calls, context.fn.name) ?? []
        if (!calls.includes(name)) calls.push(name)
        facts.calls[context.fn.name] = calls
      }
      if (declarations.functions.has(name) || origin) collectWrapperCall(call, name, undefined, context)
    }
    return context
  }

  /**
   * knex's schema builder on a parameter (`async function dropTables(knex) { await knex.schema.dropTable('a') }`):
   * the caller hands the function its instance, so it changes the schema wherever knex is in reach.
   */
  const visitParameterSchemaCall = (call: ts.CallExpression, method: string, context: WalkContext) => {
    const receiver = (call.expression as ts.PropertyAccessExpression).expression
    const path = chainNames(receiver)
    if (path.length !== 2 || path[1] !== 'schema') return
    const hasArguments = call.arguments.length > 0
    const shownReceiver = chainDisplay(receiver)
    const effect = methodEffect({ method, path, hasArguments, truncates: false, shownReceiver })
    if (effect?.level === 'schema-changes') record(call, { ...effect, libraries: ['knex'] }, 'orm', context)
  }

  /** The index of the enclosing function's parameter that `argument` is, if it is one. */
  const forwardedParameter = (argument: ts.Expression, context: WalkContext): number | undefined => {
    const node = unwrapExpression(argument)
    if (!ts.isIdentifier(node) || !context.fn) return undefined
    if (declarations.constants.has(node.text) && !isParameterAt(node, node.text)) return undefined
    const index = context.fn.parameters.indexOf(node.text)
    return index >= 0 ? index : undefined
  }

  /** Arguments of a call that may be SQL for a wrapper (`run('DELETE …')`, `db.exec(sql)` on an imported `db`). */
  const collectWrapperCall = (
    call: ts.CallExpression,
    local: string,
    owner: string | undefined,
    context: WalkContext,
    onValue = false,
  ) => {
    call.arguments.forEach((argument, index) => {
      const parameter = forwardedParameter(argument, context)
      if (parameter !== undefined && context.fn && !owner) {
        const forwards = ownEntry(facts.forwards, context.fn.name) ?? []
        forwards.push({ parameter, to: local, argument: index, ...(onValue ? { onValue } : {}) })
        facts.forwards[context.fn.name] = forwards
        return
      }
      const text = wrapperArgument(argument)
      if (text === null) return
      wrapperCalls.push({
        local,
        argument: index,
        ...(owner ? { owner } : {}),
        ...(onValue ? { onValue } : {}),
        ...(text ? { text } : {}),
        ...position(call),
        ...(context.hook ? { hook: context.hook } : {}),
      })
    })
  }

  /**
   * Client methods named by what they do: postgres.js `sql.listen('channel', fn)` / `sql.notify('channel', …)`
   * (sessions see each other's notifications), pg-promise `db.func('name')` / `db.proc('name')` (judged as
   * `SELECT * FROM name()` / `CALL name()`, so a function of the project's migrations takes its body's level).
   */
  const visitClientMethod = (call: ts.CallExpression, method: string, context: WalkContext) => {
    const [first] = call.arguments
    const literal =
      first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))
        ? first.text
        : undefined
    if (literal === undefined) return
    if ((method === 'listen' || method === 'notify') && call.arguments.length >= 2) {
      const text = `${method}('${literal}') ${method === 'listen' ? 'listens for' : 'sends'} notifications across sessions`
      record(call, { level: 'shared-writes', text }, 'orm', context)
    } else if (method === 'for' && /^(update|no key update|share|key share)$/i.test(literal)) {
      // drizzle `.for('update')`: a row-locking read.
      record(call, { level: 'isolated-writes', text: `.for('${literal}') takes row locks` }, 'orm', context)
    } else if (method === 'func' || method === 'proc') {
      const statement = method === 'func' ? `SELECT * FROM ${literal}()` : `CALL ${literal}()`
      for (const effect of classifySql(statement).effects) record(call, effect, 'sql', context)
    }
  }

  /** `execSync('npx prisma migrate reset --force')`, `$\`knex migrate:latest\``: a database tool in a child process. */
  const visitCommand = (call: ts.CallExpression | ts.TaggedTemplateExpression, context: WalkContext) => {
    const callee = ts.isCallExpression(call) ? call.expression : call.tag
    const name = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : undefined
    if (!name || !COMMAND_RUNNERS.test(name)) return
    const text = ts.isCallExpression(call)
      ? call.arguments.map((argument) => argument.getText()).join(' ')
      : call.template.getText()
    const effect = commandEffect(text.replace(/['"`,[\]]/g, ' '))
    if (effect) record(call, effect, 'orm', context)
  }

  /** TypeORM options that change the schema when the data source connects (`synchronize`, `dropSchema`, `migrationsRun`). */
  const visitSchemaOptions = (node: ts.CallExpression | ts.NewExpression, context: WalkContext) => {
    const callee = node.expression.getText()
    if (!TYPEORM_OPTION_CALLS.test(callee)) return
    for (const argument of node.arguments ?? []) {
      const value = unwrapExpression(argument)
      const options = ts.isIdentifier(value) ? declarations.constants.get(value.text) : value
      const option = options?.getText().match(/\b(synchronize|dropSchema|migrationsRun)\s*:\s*true\b/)?.[1]
      if (!option) continue
      const text = `${callee}({ ${option}: true }) changes the schema when it connects`
      record(node, { level: 'schema-changes', text }, 'orm', context)
      return
    }
  }

  /**
   * MikroORM's `ensureDatabase` option (`MikroORM.init({ dbName: 'shop', ensureDatabase: { create: true } })`):
   * when it connects, the ORM creates the database it names if it is missing, a server-wide change.
   */
  const visitDatabaseOptions = (node: ts.CallExpression | ts.NewExpression, context: WalkContext) => {
    const callee = node.expression.getText()
    if (!MIKRO_ORM_OPTION_CALLS.test(callee)) return
    if (!declarations.imports.some((fact) => fact.specifier.startsWith('@mikro-orm/'))) return
    for (const argument of node.arguments ?? []) {
      const value = unwrapExpression(argument)
      const options = ts.isIdentifier(value) ? declarations.constants.get(value.text) : value
      if (!options || !/\bensureDatabase\s*:(?!\s*false\b)/.test(options.getText())) continue
      const text = `${callee}({ ensureDatabase }) creates the database when it connects if it is missing (server-wide)`
      record(node, { level: 'sequential', text }, 'orm', context)
      return
    }
  }

  const importsTypeorm = declarations.imports.some((fact) =>
    /^(typeorm|@nestjs\/typeorm)$/.test(fact.specifier),
  )
  const importsMikroOrm = declarations.imports.some((fact) => fact.specifier.startsWith('@mikro-orm/'))
  /** ORM connection options kept in an object of their own, or handed to a helper that builds the connection. */
  const visitConnectOptions = (node: ts.ObjectLiteralExpression, context: WalkContext) => {
    if (!importsTypeorm && !importsMikroOrm) return
    const parent = node.parent
    const judgedWithCall =
      (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
      parent.arguments?.includes(node) &&
      (TYPEORM_OPTION_CALLS.test(parent.expression.getText()) ||
        MIKRO_ORM_OPTION_CALLS.test(parent.expression.getText()))
    if (judgedWithCall) return
    const effect = connectOptionsEffect(node, { typeorm: importsTypeorm, mikroOrm: importsMikroOrm })
    if (effect) record(node, effect, 'orm', context)
  }

  const visitCreation = (node: ts.CallExpression | ts.NewExpression, context: WalkContext) => {
    visitSchemaOptions(node, context)
    visitDatabaseOptions(node, context)
    const callee = node.expression
    const rootName = chainRoot(callee)
    const member = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined
    const calleeText = member ?? rootName
    let origin = rootName ? declarations.importedFrom.get(rootName) : undefined
    let creatorMember = member
    const alias = rootName && !origin ? declarations.constants.get(rootName) : undefined
    if (alias && ts.isIdentifier(unwrapExpression(alias))) {
      // `const { Pool } = pg` after `import pg from 'pg'`: the constructor is a member of the package.
      origin = declarations.importedFrom.get((unwrapExpression(alias) as ts.Identifier).text)
      creatorMember = member ?? rootName
    }
    let client: string | undefined
    if (calleeText === 'PrismaClient' && ts.isNewExpression(node)) client = '@prisma/client'
    else if (origin) {
      const pkg = clientPackageOf(origin.specifier)
      if (
        pkg &&
        isClientCreator(pkg, origin.imported, creatorMember) &&
        !innerModule(origin, pkg, creatorMember)
      )
        client = pkg
    }
    const shown = `${ts.isNewExpression(node) ? 'new ' : ''}${chainNames(callee).join('.')}()`
    const engineDriver = !client && origin ? otherEngineDriver(origin.specifier) : undefined
    if (engineDriver && buildsDriverClient(node, creatorMember)) {
      const driver = packageName(origin!.specifier)
      facts.clients.push({
        client: driver,
        engine: engineDriver,
        text: `${shown} creates a ${engineDriver} client (${driver})`,
        ...position(node),
      })
      return
    }
    if (!client || isOfflineBuilder(node, declarations)) return
    const engine = otherEngineOf(
      node,
      client,
      origin?.specifier ?? '',
      (name) => declarations.constants.get(name),
      (name) => declarations.importedFrom.get(name)?.specifier,
    )
    if (engine) {
      facts.clients.push({
        client,
        engine,
        text: `${shown} creates a ${client} client for ${engine}`,
        ...position(node),
      })
      return
    }
    facts.clients.push({ client, text: `${shown} creates a ${client} client`, ...position(node) })
    const replication = replicationOption(node, client, declarations.constants)
    if (replication) {
      const text = `${shown} with ${replication} opens a replication connection: replication slots are server-wide`
      record(node, { level: 'sequential', text }, 'client', context)
    }
    const connection = connectionOf(node, new Set(connections.keys()), false)
    if (connection) connections.set(connection.name, connection)
    const sized = sizedPool(node, declarations.constants)
    if (sized) sizedPools.push(sized)
    const driver = origin ? driverOf(origin.specifier) : undefined
    if (driver)
      facts.clients.push({ client: driver, text: `${shown} drives ${driver} underneath`, ...position(node) })
    if (ts.isNewExpression(node)) recordSaturation(node, shown, context)
  }

  /** A connection opened in a loop that holds many at once (not a retry loop): `sequential`. */
  const recordSaturation = (node: ts.Node, shown: string, context: WalkContext) => {
    const many = context.loop && opensManyAtOnce(node, context.loop, declarations.constants)
    if (!many) return
    const times = many.count === undefined ? 'a loop' : `a loop of ${many.count}`
    const text = `${shown} in ${times}, each connection kept open: opens many connections at once`
    record(node, { level: 'sequential', text }, 'client', context)
  }

  /** Whether `rootName` is a known client library's query builder tag (`sql` of slonik, drizzle, kysely), not a client. */
  const builderTag = (rootName: string | undefined): boolean => {
    const origin = rootName ? declarations.importedFrom.get(rootName) : undefined
    const client = origin && clientPackageOf(origin.specifier)
    return client !== undefined && !isClientCreator(client, origin?.imported ?? '', undefined)
  }

  const visitTaggedTemplate = (node: ts.TaggedTemplateExpression, context: WalkContext) => {
    if (skipped.has(node)) return
    visitCommand(node, context)
    const rootName = chainRoot(node.tag)
    const tagText = node.tag.getText()
    const isDatabase =
      (rootName !== undefined && roots.has(rootName) && !offline.has(rootName)) ||
      /\$(query|execute)Raw/.test(tagText)
    if (!isDatabase && !/\bsql\b/i.test(tagText)) return
    const sources = resolveSqlArgument(node, scope)
    // `sql\`${column} = ${value}\`` returned or passed to `.where()` is a fragment, not a statement.
    const runs = runsHere(node)
    if (sources.some((source) => source.type === 'unknown') && !runs) return
    recordSources(
      node,
      sources,
      context,
      tagText,
      isDatabase && sources.some((source) => source.type === 'unknown'),
      '',
      // Built and kept, returned or compared (slonik `sql.fragment\`…\`` in a unit test): with no client in
      // reach it is a builder that cannot reach a server, unless the tag comes from a package that may make it
      // a client (`@vercel/postgres`'s `sql`, an unknown package) rather than a client library's builder.
      runs ? undefined : builderTag(rootName) ? '' : receiverOf(rootName),
    )
  }

  /** Test and hook callbacks receive fixtures (`test.extend({ db })`): their parameters may be database handles. */
  const addCallbackParameters = (call: ts.CallExpression) => {
    for (const argument of call.arguments) {
      if (ts.isArrowFunction(argument) || ts.isFunctionExpression(argument)) {
        for (const parameter of argument.parameters)
          for (const name of bindingNames(parameter.name)) roots.add(name)
      }
    }
  }

  /** Parameters typed as a database client (`db: Kysely<DB>`, `client: PoolClient`, `tx: Prisma.TransactionClient`). */
  const addTypedParameters = (node: ts.SignatureDeclaration) => {
    for (const parameter of node.parameters) {
      if (parameter.type && CLIENT_TYPES.test(parameter.type.getText())) {
        for (const name of bindingNames(parameter.name)) roots.add(name)
      }
    }
  }

  const functionContext = (node: ts.Node, context: WalkContext): WalkContext => {
    let name: string | undefined
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) {
      // Methods are named by their own name: `helper.reset()` in a hook looks for `reset` in helper's module.
      name = node.name && ts.isIdentifier(node.name) ? node.name.text : undefined
    } else if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const parent = node.parent
      if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) name = parent.name.text
      else if (
        (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) &&
        ts.isIdentifier(parent.name)
      ) {
        name = parent.name.text
      }
    }
    if (!name) return context
    const parameters = (node as ts.FunctionLikeDeclaration).parameters.map((parameter) =>
      ts.isIdentifier(parameter.name) ? parameter.name.text : '',
    )
    return { ...context, fn: { name, parameters } }
  }

  const isLoopCallback = (node: ts.Node): boolean => {
    const parent = node.parent
    if (!ts.isCallExpression(parent) || !(ts.isArrowFunction(node) || ts.isFunctionExpression(node)))
      return false
    const text = parent.expression.getText()
    return (
      text === 'Array.from' ||
      (/\.map$/.test(text) && /Array\s*\(|Array\.from|\.\.\.Array|\.keys\(\)/.test(text))
    )
  }

  const visit = (node: ts.Node, context: WalkContext): void => {
    let next = context
    if (ts.isCallExpression(node)) {
      const result = visitCall(node, context)
      if (result === 'skip') return
      next = result
    } else if (ts.isNewExpression(node)) {
      visitCreation(node, context)
    } else if (ts.isTaggedTemplateExpression(node)) {
      visitTaggedTemplate(node, context)
    } else if (ts.isObjectLiteralExpression(node)) {
      visitConnectOptions(node, context)
    } else if (
      ts.isFunctionDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node) ||
      ts.isMethodDeclaration(node)
    ) {
      addTypedParameters(node)
      next = functionContext(node, context)
      const handed = callbacks.get(node)
      if (handed) next = { ...next, callback: handed }
      if (isLoopCallback(node)) next = { ...next, loop: node as ts.ArrowFunction | ts.FunctionExpression }
    } else if (
      ts.isForStatement(node) ||
      ts.isForOfStatement(node) ||
      ts.isForInStatement(node) ||
      ts.isWhileStatement(node) ||
      ts.isDoStatement(node)
    ) {
      next = { ...context, loop: node as ts.IterationStatement }
    }
    ts.forEachChild(node, (child) => visit(child, next))
  }
  // `runSuite({ db: { reset: async () => … } })`: what the callbacks do is graded where runSuite runs them. They
  // are found first: a callback may be written before the call that hands it over (`const db = { reset }`).
  const findHanded = (node: ts.Node): void => {
    const callee = ts.isCallExpression(node) ? node.expression : undefined
    if (
      callee &&
      ts.isIdentifier(callee) &&
      !isTestCall(node as ts.CallExpression) &&
      (declarations.functions.has(callee.text) ||
        !/^(vitest|@vitest\/|node:)/.test(declarations.importedFrom.get(callee.text)?.specifier ?? 'vitest'))
    ) {
      for (const { node: handed, argument, path } of handedCallbacks(
        node as ts.CallExpression,
        declarations.constants,
      )) {
        const findings = callbacks.get(handed) ?? []
        callbacks.set(handed, findings)
        const at = position(node)
        facts.deferred.push({ type: 'callback', local: callee.text, argument, path, findings, ...at })
      }
    }
    ts.forEachChild(node, findHanded)
  }
  findHanded(sourceFile)
  ts.forEachChild(sourceFile, (child) => visit(child, {}))

  const crossed = readOfAnotherConnection(connections, uses)
  if (crossed) {
    const text = `${crossed.read.name} reads what another connection (${crossed.writer}) writes: the writes must be committed to be seen`
    record(crossed.read.node, { level: 'shared-writes', text }, 'sql', {})
  }
  for (const pool of sizedPools) {
    const exhausted = exhaustedPool(pool, declarations.constants)
    if (!exhausted) continue
    const times =
      exhausted.connects === Number.POSITIVE_INFINITY ? 'in a loop' : `${exhausted.connects} times`
    const text = `${pool.name} checked out ${times} at once on a pool of max ${pool.max}: exhausts the pool on purpose`
    record(exhausted.node, { level: 'sequential', text }, 'client', {})
  }

  const carried = carriedState(sourceFile)
  if (carried) {
    const text = `test ${carried.from} hands \`${carried.name}\`, read back from the database, to later tests: they rely on its rows being committed`
    record(carried.node, { level: 'shared-writes', text, onlyWithWrites: true }, 'hook', {})
  }

  resolveLocalReferences(facts, wrapperCalls, declarations, scope)
  facts.annotation = findAnnotation(sourceFile, firstTest)
  return facts
}

/** Settles hook calls and wrapper calls whose target is in the same module; the rest waits for the graph. */
function resolveLocalReferences(
  facts: ModuleFacts,
  wrapperCalls: Array<Position & WrapperCall>,
  declarations: Declarations,
  scope: SqlArgumentScope,
): void {
  for (const call of wrapperCalls) {
    const localWrapper = ownEntry(facts.wrappers, call.local) === call.argument
    // A method of a held value is this module's own when it defines it, else looked up in what it imports.
    const deferred = call.onValue
      ? !localWrapper
      : call.owner || declarations.importedFrom.has(call.local) || ownEntry(facts.forwards, call.local)
    if (deferred) {
      facts.deferred.push({ type: 'wrapper-call', ...call })
    } else if (localWrapper) {
      for (const effect of wrapperEffects(call.local, call.text)) {
        const kind = effect.uncertain ? 'uncertain' : 'sql'
        facts.findings.push(gradeInHook({ ...effect, kind, line: call.line, column: call.column }, call.hook))
      }
    }
  }
  for (const [exported, local] of Object.entries(facts.exports)) {
    const initializer = declarations.constants.get(local)
    if (!initializer || !declarations.topLevel.has(local)) continue
    const readable = (expression: ts.Expression) => {
      const sources = resolveSqlArgument(expression, scope)
      const [source] = sources
      return sources.length === 1 && (source?.type === 'text' || source?.type === 'file') ? source : undefined
    }
    const source = readable(initializer)
    if (source) facts.strings[exported] = source
    // `export const queries = { purge: 'DELETE …' }`: each member, for `queries.purge` in another module.
    const object = unwrapExpression(initializer)
    if (!ts.isObjectLiteralExpression(object)) continue
    for (const property of object.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue
      const member = readable(property.initializer)
      if (member) facts.strings[`${exported}.${property.name.text}`] = member
    }
  }
}
