import { ts } from 'ts-morph'
import type { ModuleScanner } from '../graph/module-store'
import { loadSqlParser } from '../sql/classify-sql'
import { scanModule } from './scan-module'

function scriptKind(file: string): ts.ScriptKind {
  if (/\.[cm]?tsx$/.test(file)) return ts.ScriptKind.TSX
  if (/\.[cm]?jsx$/.test(file)) return ts.ScriptKind.JSX
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS
  return ts.ScriptKind.TS
}

/**
 * A scanner on ts-morph's TypeScript compiler that only parses: no program, no type checker, no
 * dependency resolution (the analyzer resolves imports itself). Each module is parsed, scanned and dropped.
 */
export async function createScanner(root: string): Promise<ModuleScanner> {
  await loadSqlParser()
  return (file, text) => {
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file))
    const facts = scanModule(sourceFile, root)
    const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics
    const first = diagnostics?.[0]
    if (first) {
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start ?? 0)
      const message = ts.flattenDiagnosticMessageText(first.messageText, ' ').replace(/\.$/, '')
      facts.parseError = `${line + 1}:${character + 1} ${message}`
    }
    return facts
  }
}
