import { existsSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import {
  type Command,
  colorEnabled,
  DbsafeError,
  decidingReason,
  type FileAnalysis,
  parseCommandArgs,
  readLearnedLevels,
  toRootRelative,
} from '@dbsafe/core'
import pc from 'picocolors'
import { globSync } from 'tinyglobby'
import { analyzeProject } from '../analyze-project'
import { formatExplain } from './format-explain'
import { formatTable } from './format-table'
import { ALWAYS_EXCLUDE, CONFIG_FILE, readAnalyzeConfig } from './read-config'

const HELP = `Usage: dbsafe analyze [globs...] [options]

Puts every test file on a database dependency level and says why.

Arguments:
  globs              test files to analyse (default: "include" of ${CONFIG_FILE}, or **/*.{test,spec}.?(c|m)[jt]s?(x))

Options:
  --json             print the manifest as JSON (schema: @dbsafe/core analysisManifestJsonSchema)
  --explain <file>   print every piece of evidence for one file and the import chain that brought it in
  --root <dir>       project root (default: the current folder)
  --no-cache         do not read or write .vitest/dbsafe/analyzer-cache.json
  -h, --help         show this help
`

const OPTIONS = {
  json: { type: 'boolean' },
  explain: { type: 'string' },
  root: { type: 'string' },
  'no-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

function findFiles(root: string, globs: string[], exclude: string[], fromArguments: boolean): string[] {
  const ignore = [...ALWAYS_EXCLUDE, ...exclude]
  const files = new Set<string>()
  for (const glob of globs) {
    const matches = globSync(glob, { cwd: root, ignore, dot: false, onlyFiles: true })
    if (matches.length === 0 && fromArguments) {
      throw new DbsafeError('DBSAFE_CONFIG_INVALID', `"${glob}" matches no file under ${root}.`, {
        hint: 'Check the glob (quote it so your shell does not expand it) and the --root folder.',
      })
    }
    for (const match of matches) files.add(match)
  }
  return [...files].sort()
}

/** One line on stderr for a file with an error; a misspelt annotation is the user's to fix, and fails under Vitest. */
function failureLine(file: FileAnalysis): string {
  if (file.invalidAnnotation !== undefined) {
    const line = decidingReason(file)?.line ?? 1
    return `${file.file}:${line}: ${file.error}. Under Vitest this file fails until the annotation is fixed.`
  }
  return `${file.file} could not be analysed: ${file.error}; it gets ${file.level}.`
}

/** `dbsafe analyze`: the table grouped by level, `--json`, `--explain <file>`. */
export const analyzeCommand: Command = async (args, context) => {
  const { values, positionals } = parseCommandArgs('analyze', args, OPTIONS)
  if (values.help) {
    context.stdout(HELP)
    return 0
  }
  const root = values.root ? resolve(context.cwd, values.root) : context.cwd
  const config = readAnalyzeConfig(root)
  const globs = positionals.length > 0 ? positionals : config.include
  const files = findFiles(root, globs, config.exclude, positionals.length > 0)
  const explain = values.explain
    ? toRootRelative(root, isAbsolute(values.explain) ? values.explain : join(context.cwd, values.explain))
    : undefined
  if (explain && !existsSync(join(root, explain))) {
    throw new DbsafeError(
      'DBSAFE_CONFIG_INVALID',
      `--explain ${values.explain}: no such file under ${root}.`,
      {
        hint: 'Pass the path of a test file, relative to the current folder or absolute.',
      },
    )
  }
  if (explain && !files.includes(explain)) files.push(explain)
  if (files.length === 0) {
    throw new DbsafeError('DBSAFE_CONFIG_INVALID', `no test file found under ${root}.`, {
      hint: `Pass globs (dbsafe analyze "tests/**/*.test.ts") or set "include" in ${CONFIG_FILE}.`,
    })
  }
  const manifest = await analyzeProject({
    root,
    files,
    setupFiles: config.setupFiles,
    levels: config.levels,
    fallbackLevel: config.fallbackLevel,
    cache: !values['no-cache'],
  })
  const colors = pc.createColors(!values.json && colorEnabled(context))
  const failed = manifest.files.filter((file) => file.error)
  if (explain) {
    const analysis = manifest.files.find((file) => file.file === explain)
    if (!analysis)
      throw new DbsafeError('DBSAFE_CONFIG_INVALID', `${explain} is not a file.`, {
        hint: 'Pass a path to a test file.',
      })
    const recommendation = readLearnedLevels(root).recommendations[explain]
    const current = recommendation?.contentKey === analysis.contentKey ? recommendation : undefined
    context.stdout(
      values.json ? `${JSON.stringify(analysis, null, 2)}\n` : formatExplain(analysis, colors, current),
    )
    return analysis.error ? 1 : 0
  }
  context.stdout(values.json ? `${JSON.stringify(manifest, null, 2)}\n` : formatTable(manifest, colors))
  for (const file of failed) context.stderr(`dbsafe analyze: ${failureLine(file)}\n`)
  return failed.length > 0 ? 1 : 0
}
