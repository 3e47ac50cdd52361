// Every text the tool says about a file, as an id + values. The diff summary, --json, the Markdown report
// and --explain comments all format from here, so one wording serves them all.

export const MESSAGES = {
  // input errors
  'empty-file': 'empty file',
  'binary-file': 'not a text file',
  'no-from': 'no FROM instruction: not a Dockerfile (or a template/fragment)',
  'before-from': '{instruction} before the first FROM',
  'unknown-instruction': 'unknown instruction `{instruction}`',
  'unterminated-continuation': 'unterminated line continuation at end of file',
  'unterminated-heredoc': 'unterminated heredoc',
  'stray-carriage-return': 'carriage return without a line feed: Docker would read these lines differently',
  'duplicate-stage': 'stage name `{name}` is used twice',
  'bad-arguments': 'Docker rejects this {instruction}: {problem}',
  'verify-failed': 'output failed verification: {detail}',
  'edit-overlap': 'internal: overlapping edits from {transform}',
  'internal-error': 'internal error: {detail}',
  'check-unavailable': 'check unavailable for this file: {check} failed ({detail}); the other checks decided',

  // file-level skips and notes
  'already-multistage': 'already multi-stage: not re-split',
  'windows-image': 'Windows base image: not converted',
  'unknown-ecosystem': 'no known ecosystem (no install or build step this tool understands)',
  'nothing-to-split': 'no multi-stage needed: {why}',
  'split-unsafe': 'not split: {why}',
  'onbuild-present': 'ONBUILD triggers in the image: not split',
  'scratch-base': 'base image is scratch or a stage',

  // split-stages
  'split-builder': 'name the original stage `{name}`: it keeps the toolchain and builds the app',
  'split-runtime': 'add a `{name}` stage on {image}: {why}',
  'split-move': 'move {keyword} to the runtime stage (part of the final image contract)',
  'split-copy-env': 'repeat {keyword} in the runtime stage: the app reads it at run time',
  'split-redeclare-arg': 'declare ARG {name} again in the runtime stage: stage ARGs are not inherited',
  'split-start-build': 'build in the builder what `{before}` compiles at every start: `{build}`',
  'split-start-jar': 'start the built jar with `{command}`{entry} instead of `{before}`, with the same environment{mapped}: the runtime has no JDK and no {tool}',
  'split-start-dll': 'start the published assembly with `{command}` instead of `{before}`, with the same arguments and environment{release}: the runtime has no .NET SDK',
  'split-launch-profile': 'set what the launch profile `{name}` gave the app under `dotnet run` ({names}): the published app reads no launch profile (a `docker run -e` now overrides them, which it could not before)',
  'split-start-built': 'start the built {artifact} instead of `{before}`, with the same arguments and environment: the runtime has no {tool} toolchain',
  'split-handover': 'copy {what} from the builder',
  'split-replay': 'run the system setup of line {line} again in the runtime stage',
  'split-replay-part': 'run the system setup of the RUN at line {line} again in the runtime stage (the rest of that RUN builds, and stays in the builder)',
  'split-copy-place': 'copy {what} from the builder: a RUN put it there outside the app folder',
  'split-sources': 'copy the package sources {what} from the builder, so the runtime installs from the same repositories',
  'split-start-interpreter': 'start with CMD {after} instead of {before}: the ENTRYPOINT of {image} is `{interpreter}` already (`docker run <image> <command>` now passes the command to it)',
  'split-venv-pythonpath': 'put the packages of the virtualenv at {venv} on PYTHONPATH: {image} runs its own python3, and the virtualenv\'s python links the builder\'s',
  'split-zoneinfo': 'point Go at the zone database {path} copied from the builder: the app loads time zones, and scratch has none',
  'split-image-env': 'set {name} in the runtime stage as the builder image {image} did: {why}',
  'split-packages': 'install the runtime libraries {packages} in the runtime stage (build-only packages stay in the builder)',
  'split-prune': 'remove dev dependencies after the build so only production modules reach the runtime',
  'split-venv': 'install Python packages into a virtualenv at {venv}, copied whole to the runtime stage',
  'split-secret-dropped': '{name} looks like a secret: kept out of the runtime stage (use RUN --mount=type=secret)',
  'split-secret-env-kept': 'warning: {name} looks like a secret and the image carries its value: it stays in the runtime stage, since the app may read it; better pass it at run time (`docker run -e {name}` or a secret store) and remove it from the Dockerfile',
  'split-bundle-without': 'install gems without the development and test groups: the app runs in production',
  'split-unknown-package': 'packages kept in the runtime stage, not known to be build-only: {name}',
  'split-installer-packages': 'packages kept in the runtime stage because an installer it runs again may use them: {name}',
  'split-dev-kept': '-dev packages kept whole in the runtime stage, because this tool does not know their runtime library on {image}: {name} (they bring their library and its headers; name the library instead for a smaller image)',
  'runtime-base-not-used': '{why}',
  'split-kept-out': 'kept out of the runtime: {entry} ({why})',
  'split-whole-folder': 'the whole app folder goes to the runtime: {why}',
  'runtime-image-caveat': 'check the runtime image: {why}',
  // --static-server nginx: the Node static server is replaced by the runtime image's own (verify reads the
  // `split-server-replaced` values to know which CMD/ENTRYPOINT/EXPOSE may be missing from the final stage).
  'split-server-replaced': 'remove {keyword} {args}: it belongs to the Node server, which nginx-unprivileged replaces (--static-server nginx)',
  'split-server-port': 'EXPOSE {port}: nginx-unprivileged listens on {port} and starts with its own CMD',
  'split-server-config': 'configure nginx to serve {dir} like `{server}` did: {how}',
  'split-part': 'build {what} in a stage of its own, `{name}`, on the same base image with the same Node: the builder copies its output instead of running Node',
  'split-part-moved': 'move the RUN at line {line} to the `{name}` stage',
  'split-part-copy': 'copy {output} from `{name}`, where the back end reads it',
  'split-server-root': 'empty {dirs} as the original did (the package\'s default page): the builder\'s copy takes its place',

  // order-copy-for-cache
  'copy-manifests': 'copy {files} before the sources so `{install}` is cached until they change',
  'copy-move-sources': 'copy the rest of the sources after the dependency install',
  'copy-prefetch': 'pre-fetch the dependencies from {files} before the sources are copied, so `{build}` finds them cached: `{line}`',
  'copy-prefetch-after': 'after the sources are copied: {why}',
  'copy-skip': 'dependency install not reordered: {why}',
  'copy-dockerignore-unknown': 'no build context: check that .dockerignore leaves out {dirs}, or a local copy overwrites what the install put there',
  'dockerignore-add': 'leave {lines} out of the build context: the installs now run before the sources are copied, and a local copy would overwrite what they put there',

  // add-nonroot-user
  'user-reuse': 'run as the image\'s unprivileged user `{user}`',
  'user-create': 'create user {user} (UID {uid}) and run as it',
  'user-chown': 'give the application files to `{user}`',
  'user-volumes': 'create the volume folders {dirs} owned by `{user}`',
  'user-skip': 'no non-root user added: {why}',

  // add-cache-mounts
  'cache-mount': 'mount a BuildKit cache at {targets} so `{command}` reuses earlier downloads',
  'cache-setup': 'keep downloaded packages for the {tool} cache mount (the image deletes them after each install otherwise)',
  'cache-not-mounted': 'no cache mount for {tool} (line {line}): {why}',

  // cross-platform
  'cross-from': 'run the `{stage}` stage on the build machine ($BUILDPLATFORM): it builds for the target platform instead of under emulation',
  'cross-from-existing': 'run the `{stage}` stage on the build machine ($BUILDPLATFORM): its build already targets {args}',
  'cross-args': 'declare {args} in the builder: {how}',
  'cross-target': 'build for the target platform in the RUN at line {line}: {how}',
  'cross-portable': 'nothing else changes for the target platform: {how}',
  'cross-not-done': 'the `{stage}` stage not made cross-platform: {why}',
  'cross-no-builder': 'not made cross-platform: there is no builder stage to run on the build machine (the file was not split)',

  // secret-mounts
  'secret-suggest': '{what} at line {line} puts a registry credential into the layers of the build: `--secret-mounts` passes it to the install as a BuildKit secret instead (`docker build {flag}`)',
  'secret-not-mounted': '{what} at line {line} not passed as a BuildKit secret: {why}',
  'secret-arg-removed': 'remove ARG {name}: the RUNs that read it get the BuildKit secret `{id}` instead, so no layer or image history keeps it',
  'secret-copy-removed': 'stop copying {file} into the image: the installs that read it mount it as the BuildKit secret `{id}`',
  'secret-mount-run': 'mount the BuildKit secret {ids} for the RUN at line {line}{cleanup}',
  'secret-build': 'build with: {command}',
  'dockerignore-secret': 'leave {lines} out of the build context: the installs mount it as a BuildKit secret, and the sources copied whole would put it into a layer again',

  // add-syntax-directive
  'syntax-add': 'name the Dockerfile frontend so every builder knows {features}',

  // test-stage (--test-stage)
  'test-stage-add': 'add a `test` stage from `{stage}` that runs {tests}: a default `docker build` no longer runs them; `docker build --target test .` does',
  'test-stage-move': 'move `{command}` (line {line}) to the test stage',
  'test-stage-cut': 'take `{command}` out of the RUN at line {line}: the test stage runs it',
  'test-stage-name': 'name the final stage `{name}` so the test stage can start from it',
  'test-stage-default-target': 'end with `FROM {stage}`: the last stage is what `docker build` builds without --target, so the default build still gives the image without the tests',
  'test-stage-skip-tests': 'add `{flag}` to the build at line {line}: the test stage runs its tests',
  'test-stage-reinstall': 'install the dependencies again (as line {at} did): line {line} prunes the dev dependencies the tests need',
  'test-stage-default': 'a default `docker build` no longer runs the tests ({tests}); run them with `docker build --target test .` (the legacy builder without BuildKit builds every stage, the test stage too)',
  'test-stage-skip': 'tests not moved to a test stage: {why}',
  'test-stage-none': 'no test stage: {why}',

  // debug-stage (--debug-stage)
  'debug-stage-add': 'add a `debug` stage from `{stage}` with {tools}: `docker build --target debug .`, then `docker run -it --entrypoint {shell} <image>`',
  'debug-stage-name': 'name the final stage `{name}` so the debug stage can start from it',
  'debug-stage-default': 'end with `FROM {stage}`: the last stage is what `docker build` builds without --target, so the default build still gives the runtime image, not the debug one',
  'debug-stage-skip': 'no debug stage: {why}',
  'debug-stage-none': 'no debug stage added: {why}',

  // --explain comments (pipeline)
  'explain-removed': 'remove the msd-convert comments of an earlier --explain run',
} as const;

export type MessageId = keyof typeof MESSAGES;
export type Values = Readonly<Record<string, string | number>>;

export interface Message {
  readonly id: MessageId;
  readonly values: Values;
}

export function format(id: MessageId, values: Values = {}): string {
  return MESSAGES[id].replace(/\{(\w+)\}/g, (_, k: string) => (k in values ? String(values[k]) : `{${k}}`));
}

export const msg = (id: MessageId, values: Values = {}): Message => ({ id, values });
