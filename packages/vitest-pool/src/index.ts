export { dbsafe } from './plugin/dbsafe-plugin'
export type { DbsafeOptions } from './pool/dbsafe-options'
export { dbsafePool } from './pool/dbsafe-pool'
export { createProvisioner, type RunProvisioner } from './provision/create-provisioner'
export type { LeasedDatabase, LeaseKind, Provisioner } from './provision/provisioner'
export type { ProvisionerOptions } from './provision/provisioner-options'
export { benchCommand } from './schedule/bench-command'
export type { IdleReport } from './schedule/file-dispatcher'
export {
  DEFAULT_PRESET,
  presetLimits,
  SCHEDULE_PRESETS,
  type ScheduleLimits,
  type SchedulePreset,
} from './schedule/schedule-presets'
export {
  type EmbeddedServer,
  type EmbeddedServerOptions,
  startEmbeddedServer,
} from './server/embedded-server'
export type { WorkerContextMap, WorkerFileContext } from './shared/worker-context'
export {
  formatIdle,
  formatRunTimings,
  type PhaseSpan,
  RUN_PHASES,
  RUN_TIMINGS_KEY,
  type RunPhase,
  type RunTimingsSnapshot,
} from './timing/run-timings'
