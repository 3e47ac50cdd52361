// The library's façade: re-exports only.
export { convert, selectTransforms, type ConvertOptions } from './convert.ts';
export { TRANSFORMS } from '../transforms/index.ts';
export { projectFromFiles, NO_PROJECT, type Project } from './analyze/project.ts';
export { format, MESSAGES, type Message, type MessageId } from './messages.ts';
export type { Change, ConvertResult, Note, Status } from './pipeline/run.ts';
export type { ChangeKind, Options, RuntimeBasePolicy, StaticServer, Transform, TransformMeta } from './types.ts';
export { migrate, type Entry, type MigrateOptions, type MigrateResult, type Progress } from './batch/migrate.ts';
export type { FileReport, Summary } from './report/results.ts';
