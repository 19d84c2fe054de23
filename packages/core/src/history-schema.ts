import { HISTORY_SCHEMA_VERSION } from './history'
import { ISOLATIONS } from './isolation'
import { DB_LEVELS } from './levels'
import { EFFECT_KINDS } from './observation'

/** JSON Schema (draft 2020-12) of a history file ({@link import('./history-codec').HistoryDocument}). */
export const historyJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://dbsafe.dev/schemas/history-v1.json',
  type: 'object',
  required: ['format', 'schemaVersion', 'names', 'runs'],
  properties: {
    format: { const: 'dbsafe-history' },
    schemaVersion: { const: HISTORY_SCHEMA_VERSION },
    names: { type: 'array', items: { type: 'string' } },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['runId', 'attempt', 'merged', 'startedAt', 'wallMs', 'reporterMs', 'defaultBranch', 'ci'],
        properties: {
          runId: { type: 'string' },
          attempt: { type: 'integer', minimum: 1 },
          shard: {
            type: 'object',
            required: ['index', 'count'],
            properties: { index: { type: 'integer', minimum: 1 }, count: { type: 'integer', minimum: 1 } },
          },
          merged: { type: 'boolean' },
          startedAt: { type: 'string', format: 'date-time' },
          wallMs: { type: 'number' },
          reporterMs: { type: 'number' },
          commit: { type: 'string' },
          branch: { type: 'string' },
          defaultBranch: { type: 'boolean' },
          ci: { type: 'string' },
          nodeVersion: { type: 'string' },
          vitestVersion: { type: 'string' },
          workers: { type: 'integer' },
          status: { enum: ['passed', 'failed', 'interrupted'] },
          partial: { type: 'boolean' },
          plan: {
            type: 'object',
            required: ['hash', 'snapshot', 'files', 'predictedMs'],
            properties: {
              hash: { type: 'string' },
              snapshot: { type: 'string' },
              files: { type: 'integer' },
              predictedMs: { type: 'number' },
            },
          },
          files: {
            type: 'array',
            items: {
              type: 'object',
              required: ['project', 'file', 'state', 'collectMs', 'setupMs', 'runMs', 'tests'],
              properties: {
                project: { type: 'string' },
                file: { type: 'string' },
                state: { enum: ['passed', 'failed', 'skipped'] },
                environmentMs: { type: 'number' },
                prepareMs: { type: 'number' },
                collectMs: { type: 'number' },
                setupMs: { type: 'number' },
                runMs: { type: 'number' },
                level: { enum: [...DB_LEVELS] },
                isolation: { enum: [...ISOLATIONS] },
                uncertain: { type: 'boolean' },
                reason: { type: 'string' },
                provisionMs: { type: 'number' },
                waitMs: { type: 'number' },
                ownServer: { type: 'boolean' },
                connections: { type: 'object', additionalProperties: { type: 'number' } },
                source: { enum: ['analysis', 'annotation', 'config', 'fallback', 'learned'] },
                contentKey: { type: 'string' },
                observedLevel: { enum: [...DB_LEVELS] },
                observedCounts: { type: 'object', additionalProperties: { type: 'number' } },
                observedComplete: { type: 'boolean' },
                failures: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['message'],
                    properties: {
                      test: { type: 'string' },
                      message: { type: 'string' },
                      at: { type: 'string' },
                      stack: { type: 'array', items: { type: 'string' } },
                    },
                  },
                },
                interference: {
                  type: 'object',
                  required: ['cause', 'rerun'],
                  properties: {
                    cause: { type: 'string' },
                    rerun: {
                      type: 'object',
                      required: ['level', 'state'],
                      properties: { level: { enum: [...DB_LEVELS] }, state: { enum: ['passed', 'failed'] } },
                    },
                  },
                },
                misclassified: {
                  type: 'object',
                  required: ['ranAt', 'needs', 'source', 'evidence', 'fix'],
                  properties: {
                    ranAt: { enum: [...DB_LEVELS] },
                    needs: { enum: [...DB_LEVELS] },
                    source: { enum: ['analysis', 'annotation', 'config', 'fallback', 'learned'] },
                    fix: { type: 'string' },
                    evidence: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['level', 'kind', 'text', 'source'],
                        properties: {
                          level: { enum: [...DB_LEVELS] },
                          kind: { enum: [...EFFECT_KINDS] },
                          text: { type: 'string' },
                          at: { type: 'string' },
                          source: { enum: ['client', 'error', 'server'] },
                        },
                      },
                    },
                    rerun: {
                      type: 'object',
                      required: ['level', 'state'],
                      properties: { level: { enum: [...DB_LEVELS] }, state: { enum: ['passed', 'failed'] } },
                    },
                  },
                },
                tests: {
                  type: 'array',
                  description: '[name index, state letter p|f|s, milliseconds, retries, attempt letters?]',
                  items: { type: 'array', minItems: 4, maxItems: 5 },
                },
              },
            },
          },
        },
      },
    },
  },
} as const
