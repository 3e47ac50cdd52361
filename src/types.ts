// The contracts between the pipeline and the transforms.
import type { Facts } from './analyze/index.ts';
import type { Edit } from './edits/apply.ts';
import type { Fixer } from './edits/fixer.ts';
import type { Message } from './messages.ts';
import type { Model, Stage } from './model/model.ts';

export type RuntimeBasePolicy = 'slim' | 'distroless' | 'alpine' | 'scratch';

export interface Options {
  /** Name of the user created in the runtime stage when the image has none (default `app`). */
  readonly user?: string;
  /** UID/GID of that user (default 10001). */
  readonly uid?: number;
  /** Add a non-root USER even when the app binds a port below 1024. */
  readonly forceNonroot?: boolean;
  /** Policy for the runtime image (default `slim`: the same family, smaller); never crosses libc families. */
  readonly runtimeBase?: RuntimeBasePolicy;
  /** Serve a static front end's build output with nginx (unprivileged) instead of the original server. */
  readonly staticServer?: StaticServer;
}

export type StaticServer = 'nginx';

/** What a transform does to a file, as reports count and show it (`split` is the one that adds stages). */
export type ChangeKind = 'split' | 'manifest-order' | 'non-root' | 'cache-mounts' | 'syntax';

export interface TransformMeta {
  /** kebab-case; equals the file name, the fixture folder and the test file. */
  readonly id: string;
  readonly description: string;
  /** 'review': may change how the image behaves at run time; the reasons say what to check. */
  readonly safety: 'safe' | 'review';
  /** The kind of change its edits make. */
  readonly kind: ChangeKind;
}

export interface TransformContext {
  readonly model: Model;
  /** Facts about the final stage. */
  readonly facts: Facts;
  /** Facts about any stage (cached). */
  factsOf(stage: Stage): Facts;
  readonly options: Options;
  readonly fix: Fixer;
}

export type TransformOutcome =
  /** Edits (possibly none); notes say why nothing was needed, or what the reader should know. */
  | { readonly edits: readonly Edit[]; readonly notes?: readonly Message[] }
  /** The transform could act but will not, for this reason. */
  | { readonly skip: Message };

export interface Transform {
  readonly meta: TransformMeta;
  apply(ctx: TransformContext): TransformOutcome;
}
