export { dbsafe } from './plugin/dbsafe-plugin'
export { DbsafeSequencer } from './plugin/dbsafe-sequencer'
export type { DbsafeOptions } from './pool/dbsafe-options'
export { dbsafePool } from './pool/dbsafe-pool'
export { createProvisioner, type RunProvisioner } from './provision/create-provisioner'
export type {
  DatabaseServer,
  LeasedDatabase,
  LeaseKind,
  Provisioner,
  TemplateDatabase,
} from './provision/provisioner'
export type { ProvisionerOptions } from './provision/provisioner-options'
export { benchCommand } from './schedule/bench-command'
export {
  DEFAULT_PRESET,
  presetLimits,
  SCHEDULE_PRESETS,
  type ScheduleLimits,
  type SchedulePreset,
} from './schedule/schedule-presets'
export { type DatabaseEnvOptions, databaseEnv } from './server/database-env'
export {
  type CachedEmbeddedServerOptions,
  defaultEmbeddedCacheDir,
  startCachedEmbeddedServer,
} from './server/embedded-cache'
export {
  type EmbeddedServer,
  type EmbeddedServerOptions,
  startEmbeddedServer,
} from './server/embedded-server'
export type { WorkerContextMap, WorkerFileContext } from './shared/worker-context'
export { CLONE_STRATEGIES, type CloneStrategy } from './template/clone-strategy'
