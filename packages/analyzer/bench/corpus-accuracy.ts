// Measures the analyzer against a labelled corpus: exact matches, and which files it puts below (under) or above
// (over) their label. Pure measurement: `pnpm bench analyzer` prints it; nothing asserts it.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { analyzeProject } from '@dbsafe/analyzer'
import { DB_LEVELS, type DbLevel, type FileAnalysis, levelRank } from '@dbsafe/core'

/** One project of a corpus: its root, its labelled test files (root-relative) and its Vitest setupFiles. */
export interface CorpusProject {
  root: string
  labels: Record<string, DbLevel>
  setupFiles?: string[]
  /** Prefix that turns a root-relative file into the corpus key (the project folder, for the held-out corpus). */
  keyPrefix?: string
}

/** A file the analyzer did not put on its label, with the analyzer's deciding reason. */
export interface Miss {
  file: string
  label: DbLevel
  got: DbLevel
  reason: string
}

export interface CorpusAccuracy {
  files: number
  exact: number
  under: Miss[]
  over: Miss[]
  /** Files whose analysis threw (an analyzer bug, not a level): never exact, listed apart. */
  crashed: { file: string; label: DbLevel; error: string }[]
  /** matrix[label rank][analyzer rank] = files. */
  matrix: number[][]
}

/** Analyses every project of a corpus (without the cache) and compares each file's level to its label. */
export async function measureCorpus(projects: CorpusProject[]): Promise<CorpusAccuracy> {
  const result: CorpusAccuracy = {
    files: 0,
    exact: 0,
    under: [],
    over: [],
    crashed: [],
    matrix: DB_LEVELS.map(() => DB_LEVELS.map(() => 0)),
  }
  for (const project of projects) {
    const analyze = (files: string[]) =>
      analyzeProject({
        root: project.root,
        files,
        setupFiles: project.setupFiles ?? [],
        cache: false,
        learned: false,
      })
    const entries: FileAnalysis[] = []
    try {
      entries.push(...(await analyze(Object.keys(project.labels))).files)
    } catch {
      // One file's crash must not hide the others: analyse them one by one and list the ones that throw.
      for (const file of Object.keys(project.labels)) {
        try {
          entries.push(...(await analyze([file])).files)
        } catch (error) {
          const label = project.labels[file]!
          result.files++
          result.crashed.push({ file: `${project.keyPrefix ?? ''}${file}`, label, error: String(error) })
        }
      }
    }
    for (const entry of entries) {
      const label = project.labels[entry.file]!
      result.files++
      result.matrix[levelRank(label)]![levelRank(entry.level)]!++
      if (entry.level === label) {
        result.exact++
        continue
      }
      const deciding = entry.reasons[0]
      const miss: Miss = {
        file: `${project.keyPrefix ?? ''}${entry.file}`,
        label,
        got: entry.level,
        reason: entry.error
          ? `error: ${entry.error}`
          : deciding
            ? `${deciding.file}:${deciding.line} ${deciding.text}`
            : '(no reason)',
      }
      if (levelRank(entry.level) < levelRank(label)) result.under.push(miss)
      else result.over.push(miss)
    }
  }
  return result
}

/** A corpus whose labels.json maps root-relative files to `{ level }` (public examples, tuning corpus). */
export function flatCorpus(root: string): CorpusProject[] {
  const labels = JSON.parse(readFileSync(join(root, 'labels.json'), 'utf8')) as Record<
    string,
    { level: DbLevel }
  >
  return [
    { root, labels: Object.fromEntries(Object.entries(labels).map(([file, label]) => [file, label.level])) },
  ]
}

interface HeldOutLabels {
  /** Per project folder: its Vitest setupFiles, or per path prefix when its Vitest projects differ. */
  repos: Record<string, { setupFiles?: string[] | Record<string, string[]> }>
  files: Record<string, { level: DbLevel }>
}

function setupFilesFor(setupFiles: string[] | Record<string, string[]> | undefined, file: string): string[] {
  if (Array.isArray(setupFiles)) return setupFiles
  const prefix = Object.keys(setupFiles ?? {}).find((candidate) => file.startsWith(candidate))
  return prefix ? setupFiles![prefix]! : []
}

/**
 * Every `labels*.json` of a held-out root merged into one (`labels.json`, or `labels.a.json` and `labels.b.json`
 * when several people labelled different repositories of the corpus).
 */
function readHeldOutLabels(root: string): HeldOutLabels {
  const merged: HeldOutLabels = { repos: {}, files: {} }
  for (const name of readdirSync(root)
    .filter((file) => /^labels.*\.json$/.test(file))
    .sort()) {
    const { repos, files } = JSON.parse(readFileSync(join(root, name), 'utf8')) as HeldOutLabels
    Object.assign(merged.repos, repos)
    Object.assign(merged.files, files)
  }
  return merged
}

/**
 * A held-out corpus: one folder per mined repository, each analysed as its own project root; label keys are
 * `<folder>/<path in the folder>`, and `repos[folder].setupFiles` gives the Vitest setupFiles of that project
 * (a list, or lists by path prefix when the repository's Vitest projects use different ones).
 */
export function heldOutCorpus(root: string): CorpusProject[] {
  const { repos, files } = readHeldOutLabels(root)
  const projects = new Map<string, CorpusProject>()
  for (const [key, label] of Object.entries(files)) {
    const folder = key.slice(0, key.indexOf('/'))
    const file = key.slice(folder.length + 1)
    const setupFiles = setupFilesFor(repos[folder]?.setupFiles, file)
    const id = `${folder}\0${setupFiles.join('\0')}`
    const project = projects.get(id) ?? {
      root: join(root, folder),
      labels: {},
      setupFiles,
      keyPrefix: `${folder}/`,
    }
    project.labels[file] = label.level
    projects.set(id, project)
  }
  return [...projects.values()]
}

/** Prints one corpus's accuracy: totals, every under- and over-classified file, and the confusion matrix. */
export function printAccuracy(name: string, accuracy: CorpusAccuracy): void {
  const { files, exact, under, over, crashed, matrix } = accuracy
  const percent = files === 0 ? '0.0' : ((exact / files) * 100).toFixed(1)
  const crashes = crashed.length > 0 ? `, analysis crashed: ${crashed.length}` : ''
  console.log(
    `\n${name}: ${files} files, ${exact}/${files} exact (${percent}%), under-classified: ${under.length}, over-classified: ${over.length}${crashes}`,
  )
  for (const crash of crashed) console.log(`  crash: ${crash.file} (label ${crash.label}) — ${crash.error}`)
  for (const miss of under)
    console.log(`  under: ${miss.file} (got ${miss.got}, label ${miss.label}) — ${miss.reason}`)
  for (const miss of over)
    console.log(`  over:  ${miss.file} (got ${miss.got}, label ${miss.label}) — ${miss.reason}`)
  const width = 16
  console.log(`  ${'label \\ got'.padEnd(width)}${DB_LEVELS.map((level) => level.padStart(width)).join('')}`)
  DB_LEVELS.forEach((level, row) => {
    console.log(`  ${level.padEnd(width)}${matrix[row]!.map((n) => String(n).padStart(width)).join('')}`)
  })
}
