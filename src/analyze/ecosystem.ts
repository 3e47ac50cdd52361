// The contract of an ecosystem detector (one module per ecosystem under ecosystems/): it recognises its
// tools in RUN commands, names the manifests an install reads, and plans what a runtime stage needs.
import type { Message } from '../messages.ts';
import type { Options } from '../types.ts';
import type { Instruction } from '../model/model.ts';
import type { Facts } from './index.ts';
import type { RuntimeBase } from './images.ts';
import type { Classifier, RunFacts } from './roles.ts';

export type EcosystemId = 'node' | 'python' | 'go' | 'rust' | 'java' | 'dotnet' | 'ruby' | 'php' | 'static';

export interface Lines {
  /** Insert before (or after) this instruction. */
  readonly at: Instruction;
  readonly lines: readonly string[];
  readonly reason: Message;
}

export interface SplitPlan {
  readonly runtime: RuntimeBase;
  /** Why this runtime image (for the message). */
  readonly why: string;
  readonly builderBefore: readonly Lines[];
  readonly builderAfter: readonly Lines[];
  /** Absolute paths copied from the builder to the same path in the runtime. */
  readonly handover: readonly string[];
  /** New lines for the runtime stage, before the handover (ENV PATH of a venv). */
  readonly runtimeEnv: readonly string[];
  /** Why those lines are there (default: the virtualenv's PATH). */
  readonly runtimeEnvReason?: Message;
  /** Instructions of the original stage that stay in the builder only (a build tool copied in). */
  readonly builderOnly?: readonly Instruction[];
  /** Owner for the handover copies, when the original gave the app folder to a user (`chown -R`). */
  readonly handoverChown?: string;
  /** Handed-over paths that land elsewhere in the runtime (build output → a server's root). */
  readonly handoverTo?: Readonly<Record<string, string>>;
  /** System packages the runtime stage installs. */
  readonly runtimePackages: readonly string[];
  /**
   * The runtime image brings its own server (`--static-server nginx`): the original's start command and ports
   * (`replaced`) leave the builder without being carried, `lines` stand in for them at the end of the runtime
   * stage, and the USER and WORKDIR that belonged to the replaced server are not repeated (the image has its own).
   */
  readonly ownServer?: {
    readonly replaced: readonly Instruction[];
    readonly lines: readonly string[];
    readonly reason: Message;
  };
}

/** `nothing`: there is simply nothing to do (not a risk the tool declines to take). */
export type Outcome<T> = T | { readonly skip: string; readonly nothing?: boolean };
export const isSkip = <T>(o: Outcome<T>): o is { readonly skip: string; readonly nothing?: boolean } =>
  typeof o === 'object' && o !== null && 'skip' in o;

export interface Ecosystem {
  readonly id: EcosystemId;
  readonly classify: Classifier;
  /** Package manager used by the stage, when this ecosystem is in use. */
  detect(facts: Omit<Facts, 'ecosystem' | 'packageManager'>): string | null;
  /** Files the dependency install at `run` reads, to copy before it. */
  manifests(facts: Facts, run: RunFacts): Outcome<readonly string[]>;
  plan(facts: Facts, options: Options): Outcome<SplitPlan>;
}
