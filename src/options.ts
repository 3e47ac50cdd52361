// What a caller may ask of one conversion, as types only: the core, the ecosystems and the shells all read
// these, so they live apart from every module that acts on them.

export type RuntimeBasePolicy = 'slim' | 'distroless' | 'alpine' | 'scratch';

export type StaticServer = 'nginx';

export interface Options {
  /** Name of the user created in the runtime stage when the image has none (default `app`). */
  readonly user?: string;
  /** UID/GID of that user (default 10001). */
  readonly uid?: number;
  /** Add a non-root USER even when the app binds a port below 1024. */
  readonly forceNonroot?: boolean;
  /** Policy for the runtime image (default: the ecosystem's own choice); never crosses libc families. */
  readonly runtimeBase?: RuntimeBasePolicy;
  /** Serve a static front end's build output with nginx (unprivileged) instead of the original server. */
  readonly staticServer?: StaticServer;
  /**
   * Propose the .dockerignore lines that keep local dependency folders from overriding a reordered install
   * (default true). With false, such a reorder is left alone with the reason.
   */
  readonly dockerignore?: boolean;
  /**
   * Move the build's test commands to a `test` stage (`FROM builder AS test`) that only
   * `docker build --target test` builds (default false: a default build then no longer runs them).
   */
  readonly testStage?: boolean;
  /** Add a `debug` stage (`FROM runtime AS debug`) with a shell and basic tools; the default target stays the runtime. */
  readonly debugStage?: boolean;
  /** The builder runs on the build machine and compiles for the target platform (`FROM --platform=$BUILDPLATFORM`). */
  readonly crossPlatform?: boolean;
  /** Registry credentials (build ARGs, .npmrc, …) reach installs as BuildKit secret mounts, never a layer. */
  readonly secretMounts?: boolean;
}
