export { dbsafe } from './plugin/dbsafe-plugin'
export { DbsafeSequencer } from './plugin/dbsafe-sequencer'
export type { DbsafeOptions } from './pool/dbsafe-options'
export { dbsafePool } from './pool/dbsafe-pool'
export {
  DEFAULT_PRESET,
  presetLimits,
  SCHEDULE_PRESETS,
  type ScheduleLimits,
  type SchedulePreset,
} from './schedule/schedule-presets'
export type { WorkerContextMap, WorkerFileContext } from './shared/worker-context'
