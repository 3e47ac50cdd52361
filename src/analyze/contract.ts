// The contract between analysis, the ecosystem modules and the transforms. Analysis reads the model once and
// fills `Facts`; each ecosystem module (one file under ecosystems/, one line in its registry) answers the
// questions below about its own tools; transforms read facts and plans and never re-derive them.
import type { Message } from '../messages.ts';
import type { Instruction, Model, Stage } from '../model/model.ts';
import type { Command, Script } from '../model/shell.ts';
import type { Options } from '../options.ts';
import type { CredentialFile } from './credentials.ts';
import type { Distro, ImageRef, RuntimeBase } from './images.ts';
import type { Project } from './project.ts';

// ---------------------------------------------------------------------------------------------------------
// Commands and RUNs

export type Role =
  | 'dep-install' // installs the app's dependencies from manifests (npm ci, pip install -r, go mod download)
  | 'build' // compiles or bundles the app inside its folder
  | 'test'
  | 'system-packages' // apt/apk/yum installs and their cleanup
  | 'system-config' // users, folders, files outside the app folder: replayed in the runtime stage
  | 'app-local' // touches only files inside the app folder (carried over with it)
  | 'fetch' // downloads, clones or unpacks what the build reads (archives, sources): stays in the builder
  | 'neutral' // changes nothing that reaches the image
  | 'unknown';

/** What a classifier says about one command (the owner is added by analysis). */
export interface Classified {
  readonly command: Command;
  readonly role: Role;
  /** The install reads the sources too (`pip install .`, `npm install ./pkg`, `go mod tidy`). */
  readonly readsSources?: boolean;
  /** Files the install reads, relative to the folder it runs in (requirements files). */
  readonly manifests?: readonly string[];
  /** Local packages the install takes from the build context (`pip install ./vendor/x`), relative to that folder. */
  readonly localPackages?: readonly string[];
  /** Build output path, absolute when it can be told (`go build -o X`). */
  readonly output?: string;
  /** A detail the owning ecosystem keeps for itself (which tool, where packages go). */
  readonly note?: string;
  /**
   * Absolute paths outside the app folder where the command leaves files the image keeps (a downloaded tool,
   * an unpacked folder, a `make install` prefix): the runtime stage copies them from the builder.
   */
  readonly places?: readonly string[];
  /** Absolute paths of what it downloads or unpacks for the build (archives, sources): builder only. */
  readonly fetches?: readonly string[];
  /**
   * It changes the system in ways this tool does not follow (`curl … | sh`, a downloaded package or
   * installer): the runtime stage runs it again, on the builder's own base image.
   */
  readonly installer?: boolean;
  /**
   * Paths a file command creates or removes where running it twice fails or undoes a copy (`mkdir` without
   * `-p`, `rm`, `rmdir`, `ln` without `-f`, `mv`): the runtime does not run it again over what it copies.
   */
  readonly clashes?: readonly string[];
  /** Package-manager configuration it adds (sources, keys): the runtime needs it before it installs. */
  readonly sources?: readonly string[];
  /**
   * It removes dependencies an earlier install added (`npm prune --omit=dev`): a stage started from this one
   * after it lacks the dev dependencies that tests need.
   */
  readonly prunes?: boolean;
  /**
   * The build also runs the project's tests (`mvn package`, `gradle build`): the argument that makes it skip
   * them (`-DskipTests`, `-x test`), for a build whose tests move to a test stage.
   */
  readonly skipTests?: string;
}

export interface CommandFacts extends Classified {
  /** The ecosystem that classified it (null for the commands of the generic classifier). */
  readonly owner: Ecosystem | null;
}

export interface PackageInstall {
  readonly manager: 'apt' | 'apk' | 'yum';
  readonly packages: readonly string[];
  readonly line: number;
  /** Installed as a named virtual group (`apk add --virtual .build-deps`), which the user deletes again. */
  readonly virtual?: boolean;
  /** The virtual group's name. */
  readonly group?: string;
}

/** What one RUN leaves for the runtime stage, besides its system packages (the runtime installs its own). */
export interface RunRuntime {
  /** `all`: the RUN runs again as written; `none`; or only these parts of it, printed again as one RUN. */
  readonly replay: 'all' | 'none' | readonly string[];
  /** Absolute paths outside the app folder the RUN leaves files at: copied from the builder. */
  readonly copies: readonly string[];
  /** Package-manager configuration (sources, keys) the runtime copies before it installs. */
  readonly sources: readonly string[];
  /** Why the runtime must stand on the builder's own base image (an installer changed it), or null. */
  readonly sameBase: string | null;
}

export interface RunFacts {
  readonly ins: Instruction;
  readonly workdir: string | null;
  readonly script: Script;
  readonly commands: readonly CommandFacts[];
  /** The role of the whole RUN: its strongest command role, or `unknown` when one command is unknown. */
  readonly role: Role;
  readonly packages: readonly PackageInstall[];
  /** Why the RUN is unknown (the command, or "mixes ..."). */
  readonly why?: string;
  /** What it leaves for the runtime stage. */
  readonly runtime: RunRuntime;
}

/**
 * Classifies one command of a RUN, or returns null when the command is not this ecosystem's (then the next
 * classifier is asked, and commands nobody claims get the generic roles of `roles.ts`).
 */
export type Classifier = (cmd: Command, at: { readonly workdir: string | null; readonly appDir: string | null }) => Classified | null;

/** A package manager's download cache, for BuildKit cache mounts in builder stages. */
export interface CacheTool {
  readonly name: string;
  /** The command uses the tool's download cache. */
  uses(c: Command): boolean;
  /** Cache folders, each with its extra mount options. */
  readonly targets: readonly { readonly path: string; readonly options?: string }[];
  /** Why this command defeats the cache (it is switched off, moved or emptied), or null. */
  defeats(c: Command): string | null;
  /** Environment variables that move or switch off the cache. */
  readonly env: RegExp;
  /** Why the cache folder cannot be told for this stage, or null. */
  unsure?(facts: Facts): string | null;
  /** A RUN of these commands may delete this folder inside the targets without defeating the cache. */
  prunable?(path: string, run: readonly Command[]): boolean;
  /**
   * A line the stage needs once, before the first mounted RUN, for the cache to keep anything (Debian images
   * delete apt's downloads unless told not to); `done` says a command of the stage already does it.
   */
  readonly setup?: { readonly line: string; done(c: Command): boolean };
}

// ---------------------------------------------------------------------------------------------------------
// Facts about one stage

/** The command the image starts, read once for everyone who asks. */
export interface EntryFacts {
  /** The effective ENTRYPOINT and CMD (the last of each), ENTRYPOINT first. */
  readonly instructions: readonly Instruction[];
  /** Their words: exec form as is, shell form as the shell splits it (every command of it, in order). */
  readonly words: readonly string[];
  /** Their texts joined (exec form words joined by blanks), for questions asked of the whole command. */
  readonly text: string;
  /** The one simple command started (shell form and `sh -c "…"` unwrapped), or null when it is more than one. */
  readonly simple: readonly string[] | null;
  /** ENTRYPOINT, CMD or HEALTHCHECK is in shell form. */
  readonly shellForm: boolean;
  /** The runtime needs a shell: shell form anywhere, or a shell or `.sh` script started in exec form. */
  readonly needsShell: boolean;
  /** The HEALTHCHECK command's text ('' without one, or with NONE). */
  readonly healthcheck: string;
}

/** System packages of the stage, sorted for the runtime once. */
export interface SystemPackages {
  readonly manager: 'apt' | 'apk' | 'yum' | null;
  /** What a runtime stage installs: runtime packages kept, -dev packages mapped to their libraries. */
  readonly packages: readonly string[];
  /** Package names this tool cannot read (a list held in a variable it cannot resolve): a split is then unsafe. */
  readonly unknownDev: readonly string[];
  /** -dev packages whose runtime library is not known on the release: kept whole in the runtime (reported). */
  readonly devKept: readonly string[];
  /** Packages carried to the runtime only because they are not known to be build-only (reported). */
  readonly kept: readonly string[];
  /** Something build-only (a compiler, a -dev package) is installed. */
  readonly buildOnly: boolean;
}

/**
 * `secret`: a credential the build uses (an ARG, or an ENV set from a secret-looking variable): it stays out of
 * the runtime. `baked-secret`: a secret-looking ENV set to a value in the image: the app may read it, so it
 * stays, with a warning. `build`: a setting only build tools read. `runtime`: anything the app may read.
 */
export type EnvKind = 'secret' | 'baked-secret' | 'build' | 'runtime';

export interface Facts {
  readonly model: Model;
  readonly project: Project;
  /** The stage these facts describe (the last one, unless asked for another). */
  readonly stage: Stage;
  /** The image of its FROM line, global ARG defaults filled in. */
  readonly base: ImageRef;
  /** The image the stage finally stands on: `FROM <earlier stage>` followed back to a real image. */
  readonly root: {
    readonly image: string;
    readonly ref: ImageRef;
    /** Its own ENTRYPOINT, inherited when the file sets none, does not need root (language runtimes, OS bases). */
    readonly plain: boolean;
    /** It has a /bin/sh (false: scratch, distroless), or null when the base-image table does not know it. */
    readonly shell: boolean | null;
  };
  /** The distro the stage's commands run on (from the image, else from the package manager it uses). */
  readonly distro: Distro;
  readonly windows: boolean;
  /** WORKDIR in force at each instruction of the stage (absolute, or null when none was set). */
  readonly workdirAt: ReadonlyMap<Instruction, string | null>;
  /** WORKDIR at the end of the stage. */
  readonly workdir: string | null;
  /** The folder the application is copied to (final WORKDIR, or the destination of a wholesale COPY). */
  readonly appDir: string | null;
  /** Is this absolute path the app folder or inside it? (false without an app folder) */
  inApp(path: string | null): boolean;
  /** USER in force at each instruction of the stage (null: root, the default). */
  readonly userAt: ReadonlyMap<Instruction, string | null>;
  /** The last USER of the stage (null: root by default). */
  readonly user: string | null;
  /** A user the root image provides that runs unprivileged (`node`, `nonroot`, `www-data`), or null. */
  readonly imageUser: string | null;
  /** COPY/ADD instructions that copy the whole context (`COPY . .`). */
  readonly sourceCopies: readonly Instruction[];
  readonly runs: readonly RunFacts[];
  readonly system: SystemPackages;
  readonly ecosystem: Ecosystem | null;
  readonly packageManager: string | null;
  /** Ports from EXPOSE, as numbers (unresolved variables left out). */
  readonly ports: readonly number[];
  /** The lowest port below 1024 the app binds (EXPOSE, or the server image's own), or null. */
  readonly privilegedPort: number | null;
  /**
   * Why the container must start as root (its entrypoint drops privileges, it starts services), or null.
   * Worked out on the first call (it may read the entrypoint script), then remembered.
   */
  readonly rootAtStart: () => string | null;
  readonly entry: EntryFacts;
  /** ENV/ARG values in force at the end of the stage (ENV KEY=value, simple forms). */
  readonly env: ReadonlyMap<string, string>;
  /**
   * What an ENV/ARG name is for: a credential, a setting only the build reads, or something the app may read.
   * With the ENV's value, a secret-looking name set to a value of its own is `baked-secret`.
   */
  envKind(name: string, value?: string): EnvKind;
  /** The download caches of every tool the registry knows, in a fixed order. */
  readonly cacheTools: readonly CacheTool[];
  /** Registry credentials the stage puts into its layers on the way to an install (read when asked). */
  readonly secretUses: () => readonly SecretUse[];
}

// ---------------------------------------------------------------------------------------------------------
// The split plan an ecosystem hands to split-stages

/** Lines inserted next to an instruction of the original stage. */
export interface Insertion {
  /** Insert before (or after) this instruction. */
  readonly at: Instruction;
  readonly lines: readonly string[];
  readonly reason: Message;
}

export interface SplitPlan {
  readonly runtime: RuntimeBase;
  /** Why this runtime image (for the message). */
  readonly why: string;
  /** Why a `--runtime-base` policy was not followed (reported as a note), or absent. */
  readonly policyNote?: string;
  readonly builderBefore: readonly Insertion[];
  readonly builderAfter: readonly Insertion[];
  /** Absolute paths copied from the builder to the same path in the runtime. */
  readonly handover: readonly string[];
  /** Files of the app folder copied together into it, after the folders (absolute paths). */
  readonly handoverFiles?: readonly string[];
  /** Entries of the app folder the handover leaves out on purpose (relative to it), and why. */
  readonly keptOut?: readonly { readonly entry: string; readonly why: string }[];
  /** What the build made of the app folder's entries the handover does not take (`compiled into the binary`). */
  readonly builtFrom?: string;
  /** Why the whole app folder is handed over rather than the entries the app runs with (reported). */
  readonly wholeFolder?: string;
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
   * The start command rewritten for a runtime image whose own ENTRYPOINT is the interpreter (distroless
   * Node/Python/Java): `replaced` (the CMD) leaves the builder without being carried, `line` takes its place at
   * the end of the runtime stage.
   */
  readonly startCommand?: {
    readonly replaced: Instruction;
    readonly line: string;
    readonly reason: Message;
  };
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

/** A dependency pre-fetch an ecosystem offers for a build (see `Ecosystem.prefetch`). */
export interface Prefetch {
  readonly manifests: readonly string[];
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/**
 * A part of the stage built with another ecosystem's tools (a Node front end next to a Python, Go or Java back
 * end), built in a stage of its own before the builder: the builder copies its output instead of running it.
 */
export interface BuildPart {
  /** The part's stage name (`frontend-build`). */
  readonly name: string;
  /** Instructions of the original stage the part's stage repeats, in order (ARG/ENV/WORKDIR, installs, copies, its RUNs). */
  readonly instructions: readonly Instruction[];
  /** Instructions that leave the builder (the part's RUNs, installs only the part needs). */
  readonly moved: readonly Instruction[];
  /** The folder the part's build writes, absolute: copied from the part's stage into the builder. */
  readonly output: string;
  /** The part's own folder (`/app/frontend`), absolute: of it the runtime needs only the output. */
  readonly dir: string;
  /** What the part is, for the message (`the Node front end in frontend/`). */
  readonly what: string;
}

/**
 * How a builder that runs on the build machine (`FROM --platform=$BUILDPLATFORM`, `--cross-platform`) makes the
 * ecosystem's build target the image's platform: text inserted into build commands, and the platform ARGs it reads.
 */
export interface CrossBuild {
  /** Text inserted into one command of a RUN: before its first word (`GOOS=… go build`) or after its last. */
  readonly inserts: readonly { readonly run: RunFacts; readonly command: CommandFacts; readonly where: 'before' | 'after'; readonly text: string }[];
  /** The platform ARGs the inserted text reads, declared in the builder (`TARGETOS`, `TARGETARCH`). */
  readonly args: readonly string[];
  /** What the build now does, for the message (`go build compiles for $TARGETOS/$TARGETARCH`). */
  readonly how: string;
}

// ---------------------------------------------------------------------------------------------------------
// Registry credentials on their way to an install (`--secret-mounts`; found by secrets.ts)

/** How `docker build` is given one secret: from an environment variable or from a file. */
export interface SecretSource {
  readonly id: string;
  readonly env?: string;
  readonly src?: string;
  /** The flag that gives it: `--secret id=npmrc,src=.npmrc`. */
  readonly flag: string;
}

/** A secret-looking ARG that RUNs of the stage read. */
export interface SecretArg {
  readonly kind: 'arg';
  readonly name: string;
  /** The stage's ARG instructions that declare it (removed). */
  readonly args: readonly Instruction[];
  /** The RUNs that read it, with the absolute paths of the files they write from it (deleted as the RUN ends). */
  readonly runs: readonly { readonly run: RunFacts; readonly writes: readonly string[] }[];
  readonly line: number;
  readonly source: SecretSource;
  /** Why it cannot become a secret mount, or null. */
  readonly blocked: string | null;
}

/** A credential file copied from the context and read by later installs of the stage. */
export interface SecretFile {
  readonly kind: 'file';
  readonly file: CredentialFile;
  /** The COPY that brings it, and the source as written there. */
  readonly copy: Instruction;
  readonly from: string;
  /** Where the installs read it (absolute): the mount's target. */
  readonly target: string;
  /** The RUNs that install or build after the copy. */
  readonly runs: readonly RunFacts[];
  /** A wholesale `COPY . .` of the stage brings the file too: the context must leave it out. */
  readonly wholesale: boolean;
  readonly line: number;
  readonly source: SecretSource;
  readonly blocked: string | null;
}

export type SecretUse = SecretArg | SecretFile;

/** A result, or why not. `nothing`: there is simply nothing to do (not a risk the tool declines to take). */
export type Outcome<T> = T | { readonly skip: string; readonly nothing?: boolean };

// ---------------------------------------------------------------------------------------------------------
// The ecosystem contract

/**
 * One ecosystem: everything the tool knows about one language's tools. Implement it in one file under
 * `src/analyze/ecosystems/`, add one line to the registry there (`ECOSYSTEMS`), and one test table
 * (`test/analyze/ecosystems/<id>.test.ts`: classify, detect, manifests, plan).
 *
 * Order: the registry asks ecosystems in its order, and the first answer wins, both for commands (`classify`)
 * and for the stage (`detect`). A command no ecosystem claims gets the generic roles (system packages, users,
 * files, echo, ...).
 */
export interface Ecosystem {
  /** Stable id: shown in reports (`node`, `python`, ...). */
  readonly id: string;
  /**
   * Classify one command of a RUN. Return null when the command is not this ecosystem's, so the next
   * ecosystem (or the generic classifier) is asked; never claim a command of another tool.
   */
  readonly classify: Classifier;
  /**
   * The command names (`Command.base`) `classify` may claim: only commands whose name matches are handed to it.
   * Most commands of a RUN are no language tool's, and asking every ecosystem about each was a tenth of a
   * conversion (measured); `/(?!)/` for an ecosystem that claims none. test/analyze/ecosystems/contract.test.ts
   * checks it against what `classify` claims.
   */
  readonly commands: RegExp;
  /**
   * The package manager the stage uses when this ecosystem is in use (`npm`, `pip`, `cargo`), or null when the
   * stage is not this ecosystem's. Called with facts whose `ecosystem` and `packageManager` are not set yet.
   */
  detect(facts: Facts): string | null;
  /**
   * Files (relative to the folder the install runs in) that `install`, one of this ecosystem's dependency
   * installs at `run`, reads: they are copied before it so it is cached. `{skip}` when the install reads more
   * than manifests (the sources, files the manifests reference that cannot be copied) or cannot be told.
   */
  manifests(facts: Facts, run: RunFacts, install: CommandFacts): Outcome<readonly string[]>;
  /** The builder/runtime split for a stage detected as this ecosystem's, or why not. */
  plan(facts: Facts, options: Options): Outcome<SplitPlan>;
  /**
   * A dependency pre-fetch for `build`, one of its builds that runs right after the sources are copied with no
   * install before it (`mvn package` alone): the files it reads (relative to the build's folder), the lines
   * that run before the sources are copied, and lines for right after them (Cargo refreshes its stub's
   * timestamps). `{skip}` when the build cannot be pre-fetched from manifests alone.
   */
  prefetch?(facts: Facts, run: RunFacts, build: CommandFacts): Outcome<Prefetch>;
  /** ENV/ARG names that only this ecosystem's build tools read (never the app at run time). */
  readonly buildEnv?: RegExp;
  /** System packages that only build with this ecosystem's tools (its toolchain as distro packages). */
  readonly buildPackages?: readonly string[];
  /**
   * System packages of this ecosystem's own runtime (`nodejs`, `npm`): in a stage of another ecosystem (a front
   * end built with Node next to a Python back end) they only build, unless `startsTools` says the image runs them.
   */
  readonly toolPackages?: readonly string[];
  /** The start command, HEALTHCHECK or the entrypoint script they run may run this ecosystem's tools. */
  startsTools?(facts: Facts): boolean;
  /** Other ecosystems (ids) whose tools this one's app may run by itself (Ruby's ExecJS runs Node). */
  needsTools?(facts: Facts): readonly string[];
  /** A part of a stage of another ecosystem that this one builds in a stage of its own, or null. */
  part?(facts: Facts): BuildPart | null;
  /**
   * Folders its installs create in the app folder (.dockerignore patterns: `**\/node_modules`): a developer's local
   * copy in the build context would overwrite them once the install runs before the sources are copied.
   */
  installDirs?(facts: Facts): readonly string[];
  /** The download caches of its package managers, for BuildKit cache mounts. */
  readonly caches?: readonly CacheTool[];
  /** The unprivileged user an image of this ecosystem provides (`node` in node images), or null. */
  imageUser?(image: ImageRef): string | null;
  /**
   * How the stage's build targets another platform than the machine it runs on (`--cross-platform`), or why it
   * cannot (cgo without a cross toolchain, native modules). Absent: the ecosystem's builds are not known to.
   */
  crossBuild?(facts: Facts): Outcome<CrossBuild>;
}

// ---------------------------------------------------------------------------------------------------------
// The final-image contract

/**
 * Instructions that say how the final image runs. A split moves them to the runtime stage word for word, and
 * verification checks that the final stage still has each one (unless a transform replaced it on purpose).
 */
export const FINAL_IMAGE_MOVED: ReadonlySet<string> = new Set(['EXPOSE', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'VOLUME', 'STOPSIGNAL', 'LABEL', 'MAINTAINER']);

/** Instructions the runtime stage repeats (they also shape the build): checked word for word too. */
export const FINAL_IMAGE_REPEATED: ReadonlySet<string> = new Set(['SHELL']);
