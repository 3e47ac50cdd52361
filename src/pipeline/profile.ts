// An optional timing hook: the bench (or any caller) passes a Profiler in the options to learn where the time of
// a conversion goes. The core never reads a clock itself; without a profiler the stages run as plain calls.

export type ProfileStage = 'parse' | 'shell' | 'analysis' | 'transforms' | 'verify' | 'validate' | 'idempotence';

export interface Profiler {
  /** Runs `fn` as part of `stage` and returns its result; stages nest (analysis → shell), exclusive time is the caller's business. */
  measure<T>(stage: ProfileStage, fn: () => T): T;
}

export const measured = <T>(profile: Profiler | undefined, stage: ProfileStage, fn: () => T): T =>
  profile ? profile.measure(stage, fn) : fn();
