import { type DbLevel, historyFileKey, toRootRelative } from '@dbsafe/core'
import type { TestSpecification, WorkerRequest } from 'vitest/node'
import type { PlannedFile } from '../schedule/file-dispatcher'

type FileSpec = Extract<WorkerRequest, { type: 'run' }>['context']['files'][number]

/** What Vitest caches on a specification once it has read the file's docblock (before any worker starts). */
interface Docblock {
  environment?: { name: string; options: unknown }
  tags?: string[]
}

/** The id of a file within a run: its project and path. */
export function plannedFileId(projectName: string, filepath: string): string {
  return `${projectName}\0${filepath}`
}

/** One file of the sorted run, with its level (undefined when the analysis could not tell). */
export interface RunPlanEntry {
  spec: TestSpecification
  level: DbLevel | undefined
}

/**
 * The files of one `vitest run` that a dbsafe session owns, in the sequencer's order: what the dispatcher
 * plans from, and how to hand a worker a file Vitest queued for another turn (the `files` entry Vitest itself
 * would have sent, rebuilt from the specification).
 */
export class RunPlan {
  readonly #entries: RunPlanEntry[]
  readonly #specs = new Map<string, TestSpecification>()

  constructor(entries: readonly RunPlanEntry[]) {
    this.#entries = [...entries]
    for (const { spec } of entries) this.#specs.set(plannedFileId(spec.project.name, spec.moduleId), spec)
  }

  /** Whether the plan has a database file (the server is needed). */
  get needsServer(): boolean {
    return this.#entries.some(({ level }) => level !== 'none')
  }

  /** Whether the plan has a sequential file (a file whose level is unknown counts at `fallbackLevel`). */
  hasSequential(fallbackLevel: DbLevel): boolean {
    return this.#entries.some(({ level }) => (level ?? fallbackLevel) === 'sequential')
  }

  /**
   * The files for the dispatcher, best first. A file's group is its project and test environment (read from
   * the docblock Vitest cached on the specification when it grouped the run); a file whose environment is
   * unknown is a group of its own, so it only ever runs in its own turn. A file counts the connections it held at
   * once in its recent runs (`measured`, by history file key), else `connectionsPerFile`.
   */
  files(
    connectionsPerFile: number,
    fallbackLevel: DbLevel,
    measured: ReadonlyMap<string, number> = new Map(),
  ): PlannedFile[] {
    return this.#entries.map(({ spec, level }) => {
      const key = historyFileKey(spec.project.name, toRootRelative(spec.project.config.root, spec.moduleId))
      const id = plannedFileId(spec.project.name, spec.moduleId)
      const environment = (spec as unknown as { _docblock?: Docblock })._docblock?.environment
      return {
        id,
        level: level ?? fallbackLevel,
        connections: measured.get(key) ?? connectionsPerFile,
        group: environment
          ? `${spec.project.name}\0${environment.name}\0${JSON.stringify(environment.options ?? null)}`
          : `solo\0${id}`,
      }
    })
  }

  /** The `files` entry of a run request for a planned file, as Vitest builds it. */
  fileSpec(id: string): FileSpec | undefined {
    const spec = this.#specs.get(id)
    if (!spec) return undefined
    const docblock = (spec as unknown as { _docblock?: Docblock })._docblock
    return {
      filepath: spec.moduleId,
      fileTags: docblock?.tags ?? [],
      testLocations: spec.testLines,
      testNamePattern: spec.testNamePattern,
      testIds: spec.testIds,
      testNames: spec.testNames,
      testTagsFilter: spec.testTagsFilter,
    } as FileSpec
  }
}
