import { stripVTControlCharacters } from 'node:util'
import { type HistoryFailure, toRootRelative } from '@dbsafe/core'

/** Longest message kept per failure: enough to read, small enough for the history. */
const MESSAGE_LIMIT = 2000
/** Frames kept per failure. */
const FRAME_LIMIT = 3
/** Failures kept per file. */
export const FAILURES_PER_FILE = 10

/** The parts of Vitest's serialized error the report uses. */
export interface ErrorLike {
  name?: string
  message?: string
  stack?: string
  stacks?: { method: string; file: string; line: number; column: number }[]
}

const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?\s*$/

/** The frames of an error inside the project (not in node_modules), root-relative, first first. */
function projectFrames(error: ErrorLike, root: string): { method: string; at: string }[] {
  const frames =
    error.stacks && error.stacks.length > 0
      ? error.stacks
      : (error.stack ?? '').split('\n').flatMap((line) => {
          const match = FRAME.exec(line)
          if (!match) return []
          const [, method = '', file = '', lineNo = '0', column = '0'] = match
          return [{ method, file, line: Number(lineNo), column: Number(column) }]
        })
  return frames
    .map((frame) => ({ ...frame, file: frame.file.replace(/^file:\/\//, '') }))
    .filter(
      (frame) =>
        frame.file.startsWith(`${root.replace(/\/+$/, '')}/`) && !frame.file.includes('/node_modules/'),
    )
    .map((frame) => ({
      method: frame.method,
      at: `${toRootRelative(root, frame.file)}:${frame.line}:${frame.column}`,
    }))
}

/** What the history keeps of an error: its message, where in the project it was thrown, the first frames. */
export function failureOf(error: ErrorLike, root: string, test?: string): HistoryFailure {
  const text = stripVTControlCharacters(error.message ?? String(error))
  const named =
    error.name && error.name !== 'Error' && !text.startsWith(error.name) ? `${error.name}: ${text}` : text
  const message = named.length > MESSAGE_LIMIT ? `${named.slice(0, MESSAGE_LIMIT - 1)}…` : named
  const frames = projectFrames(error, root).slice(0, FRAME_LIMIT)
  const failure: HistoryFailure = { message }
  if (test !== undefined) failure.test = test
  if (frames[0]) failure.at = frames[0].at
  if (frames.length)
    failure.stack = frames.map((frame) => (frame.method ? `${frame.method} (${frame.at})` : frame.at))
  return failure
}

/** The first line of a failure's message: what a summary row or an annotation title shows. */
export function firstLine(failure: HistoryFailure): string {
  return failure.message.split('\n').find((line) => line.trim() !== '') ?? failure.message
}
