import { relative } from 'node:path'
import { type Effect, type Finding, gradeInHook, type HookName } from '../evidence'
import { rootRelative } from '../root-relative'
import type { ModuleFacts, Position } from '../scan/module-facts'
import { ownEntry } from '../scan/own-entry'
import { wrapperEffects } from '../scan/wrapper-effects'
import type { GraphContext } from './graph-context'
import { functionFindings, isWrapper, methodWrapper, resolveBinding, resolveExport } from './resolve-binding'

/** A module's evidence once its deferred facts are settled; `file` is where each finding is. */
export interface ModuleEvidence {
  items: Array<{ file: string; finding: Finding }>
  /** SQL files read to settle it (absolute paths), for the cache key. */
  sqlFiles: string[]
}

function fromEffects(effects: Effect[], at: Position, hook: HookName | undefined, suffix: string): Finding[] {
  return effects.map((effect) =>
    gradeInHook(
      { ...effect, kind: effect.uncertain ? 'uncertain' : 'sql', ...at, text: `${effect.text}${suffix}` },
      hook,
    ),
  )
}

function uncertain(at: Position, text: string): Finding {
  return { level: 'shared-writes', kind: 'uncertain', ...at, text, uncertain: true }
}

async function settle(context: GraphContext, file: string, facts: ModuleFacts): Promise<ModuleEvidence> {
  const rel = (path: string) => rootRelative(context.root, path)
  const items = facts.findings.map((finding) => ({ file, finding }))
  const sqlFiles: string[] = []
  const here = (finding: Finding) => items.push({ file, finding })
  const readSqlFile = (path: string) => {
    sqlFiles.push(path)
    return context.sql.classifyFile(path, context.store)
  }
  for (const fact of facts.deferred) {
    const at = { line: fact.line, column: fact.column }
    if (fact.type === 'sql-file') {
      const effects = await readSqlFile(fact.path)
      const name = relative(context.root, fact.path)
      if ('error' in effects) here(uncertain(at, `SQL file ${name} cannot be read (${effects.error})`))
      else fromEffects(effects, at, fact.hook, ` (from ${name})`).forEach(here)
      continue
    }
    if (fact.type === 'sql') {
      // `local` is a binding, or a member of one (`queries.purge`, `Q.PURGE` of `import * as Q`).
      const [binding = fact.local, member] = fact.local.split('.')
      const owner = await resolveBinding(context, file, facts, binding)
      const target =
        owner && member && owner.local === '*'
          ? await resolveExport(context, owner.file, member)
          : owner && { ...owner, local: member ? `${owner.local}.${member}` : owner.local }
      const source = target && ownEntry(target.facts.strings, target.local)
      if (!target) continue
      if (!source) {
        if (target.facts.callables.includes(target.local)) continue
        here(uncertain(at, `imported SQL \`${fact.local}\` cannot be read statically`))
        continue
      }
      const effects =
        source.type === 'text' ? await context.sql.classify(source.text) : await readSqlFile(source.path)
      if (!('error' in effects))
        fromEffects(effects, at, fact.hook, ` (\`${fact.local}\` from ${rel(target.file)})`).forEach(here)
      continue
    }
    if (fact.type === 'callback') {
      // `runSuite({ db: { reset } })` where runSuite calls `options.db.reset()` in `beforeAll`: graded there.
      const runner = (await resolveBinding(context, file, facts, fact.local)) ?? {
        file,
        facts,
        local: fact.local,
      }
      const path = fact.path.join('.')
      for (const hooked of ownEntry(runner.facts.hookedParameters ?? {}, runner.local) ?? []) {
        if (hooked.parameter !== fact.argument || hooked.path.join('.') !== path) continue
        for (const finding of fact.findings) {
          const graded = gradeInHook(finding, hooked.hook)
          if (graded === finding) continue
          const shown = path ? `${path} of ${fact.local}()` : `callback of ${fact.local}()`
          here({
            ...graded,
            text: `${graded.text}: ${shown} runs it in ${hooked.hook} (${rel(runner.file)})`,
          })
        }
      }
      continue
    }
    const target = await resolveBinding(
      context,
      file,
      facts,
      (fact.type === 'hook-call' || fact.type === 'wrapper-call') && fact.owner ? fact.owner : fact.local,
    )
    if (fact.type === 'hook-call') {
      const definition = target ?? { file, facts, local: fact.local }
      const local = fact.owner ? fact.local : definition.local
      const shown = fact.owner ? `${fact.owner}.${fact.local}` : fact.local
      for (const inner of await functionFindings(context, { ...definition, local })) {
        const graded = gradeInHook(inner.finding, fact.hook)
        if (graded === inner.finding) continue
        items.push({
          file: inner.file,
          finding: { ...graded, text: `${graded.text} via ${shown}() at ${rel(file)}:${fact.line}` },
        })
      }
    } else if (
      fact.onValue
        ? await methodWrapper(context, { file, facts, local: fact.local }, fact.argument)
        : await isWrapper(
            context,
            fact.owner
              ? target && { ...target, local: fact.local }
              : (target ?? { file, facts, local: fact.local }),
            fact.argument,
          )
    ) {
      const effects =
        fact.text === undefined
          ? wrapperEffects(fact.local, undefined)
          : await context.sql.classify(fact.text)
      const shown = fact.owner ? `${fact.owner}.${fact.local}` : fact.local
      fromEffects(effects, at, fact.hook, ` (via ${shown}())`).forEach(here)
    }
  }
  return { items, sqlFiles }
}

/** The evidence of one module, settled once per run and shared by every test file that reaches it. */
export function moduleEvidence(
  context: GraphContext,
  file: string,
  facts: ModuleFacts,
): Promise<ModuleEvidence> {
  let evidence = context.moduleEvidence.get(file)
  if (!evidence) {
    evidence = settle(context, file, facts)
    context.moduleEvidence.set(file, evidence)
  }
  return evidence
}
