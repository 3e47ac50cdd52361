// The contract between the pipeline and the transforms.
import type { Facts, SecretSource } from './analyze/contract.ts';
import type { Edit } from './edits/apply.ts';
import type { Fixer } from './edits/fixer.ts';
import type { Message } from './messages.ts';
import type { Instruction, Model, Stage } from './model/model.ts';
import type { Options } from './options.ts';

export type { Options, RuntimeBasePolicy, StaticServer } from './options.ts';

/** What kind of change a transform makes: reports count and show files by it. */
export type ChangeKind = 'split' | 'non-root' | 'manifest-order' | 'cache-mounts' | 'syntax' | 'test-stage' | 'debug-stage' | 'cross-platform' | 'secret-mounts';

export interface TransformMeta {
  /** kebab-case; equals the file name, the fixture folder and the test file. */
  readonly id: string;
  readonly description: string;
  /** 'review': may change how the image behaves at run time; the reasons say what to check. */
  readonly safety: 'safe' | 'review';
  readonly kind: ChangeKind;
  /** For an opt-in transform: the option that turns it on, and how it behaves around it. */
  readonly optIn?: {
    readonly option: 'testStage' | 'debugStage' | 'crossPlatform' | 'secretMounts';
    /** Off, it still runs, to suggest itself in a note where it would act (so it stays in the transform list). */
    readonly suggests?: boolean;
    /** On, it also runs on files that are already multi-stage, like a transform named with `--only`. */
    readonly multiStage?: boolean;
  };
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
  | {
      readonly edits: readonly Edit[];
      /** What the reader should know, or why nothing was needed. */
      readonly notes?: readonly Message[];
      /** Parts the transform could have changed but declined to (the rest of its edits still apply). */
      readonly declined?: readonly Message[];
      /**
       * Instructions of the final-image contract (CMD, ENTRYPOINT, EXPOSE) that the output no longer has on
       * purpose, each replaced by something the transform wrote: verification lets exactly these go.
       */
      readonly replaced?: readonly Instruction[];
      /**
       * Instructions (of any stage) whose text the transform changed on purpose beyond inserting words (test
       * commands cut out of a RUN): byte preservation lets their lines change; the instruction must stay.
       */
      readonly rewritten?: readonly Instruction[];
      /** Absolute paths of the original image that the new final stage leaves out on purpose (reported as notes). */
      readonly keptOut?: readonly string[];
      /** Build-only or -dev packages a new runtime stage installs on purpose (each reported in a note). */
      readonly keptPackages?: readonly string[];
      /** Lines the context's .dockerignore needs for the edits to behave the same (proposed with the change). */
      readonly dockerignore?: readonly string[];
      /** Instructions (ARG, COPY) removed on purpose, each for a reason its edit gives: verification lets them go. */
      readonly removed?: readonly Instruction[];
      /** BuildKit secrets the output's mounts read: `docker build` must be given them (`--secret id=…`). */
      readonly secrets?: readonly SecretSource[];
    }
  /** The transform could act but will not, for this reason. */
  | { readonly skip: Message };

export interface Transform {
  readonly meta: TransformMeta;
  apply(ctx: TransformContext): TransformOutcome;
}
