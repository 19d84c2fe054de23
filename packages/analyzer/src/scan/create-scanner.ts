import { Project, ts } from 'ts-morph'
import type { ModuleScanner } from '../graph/module-store'
import { loadSqlParser } from '../sql/classify-sql'
import { scanModule } from './scan-module'

/**
 * A scanner backed by one ts-morph project that only parses (no type checking, no dependency resolution):
 * each module is parsed, scanned and forgotten.
 */
export async function createScanner(root: string): Promise<ModuleScanner> {
  await loadSqlParser()
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve },
  })
  return (file, text) => {
    const sourceFile = project.createSourceFile(file, text, { overwrite: true })
    try {
      const facts = scanModule(sourceFile.compilerNode, root)
      const diagnostics = (sourceFile.compilerNode as unknown as { parseDiagnostics?: ts.Diagnostic[] })
        .parseDiagnostics
      const first = diagnostics?.[0]
      if (first) {
        const { line, character } = sourceFile.compilerNode.getLineAndCharacterOfPosition(first.start ?? 0)
        facts.parseError = `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(first.messageText, ' ').replace(/\.$/, '')}`
      }
      return facts
    } finally {
      project.removeSourceFile(sourceFile)
    }
  }
}
