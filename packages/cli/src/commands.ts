import type { Command } from '@dbsafe/core'

/** A subcommand: its one-line summary and how to load it (lazily, so `dbsafe history` never loads ts-morph). */
export interface CommandEntry {
  summary: string
  load: () => Promise<Command>
}

/** Every `dbsafe` subcommand. Each package owns the implementation of its commands. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  analyze: {
    summary: 'classify test files into database dependency levels (table, --json, --explain)',
    load: async () => (await import('@dbsafe/analyzer')).analyzeCommand,
  },
}
