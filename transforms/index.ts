// The transform registry: the only list of transforms, and the only place their order is decided.
import type { Transform } from '../src/types.ts';
import addCacheMounts from './add-cache-mounts.ts';
import addNonrootUser from './add-nonroot-user.ts';
import addSyntaxDirective from './add-syntax-directive.ts';
import crossPlatform from './cross-platform.ts';
import orderCopyForCache from './order-copy-for-cache.ts';
import secretMounts from './secret-mounts.ts';
import splitStages from './split-stages.ts';
import testStage from './test-stage.ts';
import debugStage from './debug-stage.ts';

export const TRANSFORMS: readonly Transform[] = [
  // First: the split decides which stage builds and which runs; the others then work on that shape.
  splitStages,
  // Opt-in (--test-stage), right after the split: the test stage starts from its builder, and the manifest-first
  // reorder below must see the installs without the tests that shared their RUN (or a second run would reorder).
  testStage,
  // After the split, so the manifest-first order lands in the builder that does the install.
  orderCopyForCache,
  // After the split: the user belongs to the final stage, which only exists once the split is done; its --chown
  // goes onto the COPY --from lines the split wrote.
  addNonrootUser,
  // Opt-in, after the split that makes the builder it runs on the build machine.
  crossPlatform,
  // Opt-in, after the shaping transforms: it mounts secrets on installs where they finally stand, and its flags
  // and removed lines are what the cache mounts (next to them) and the syntax directive then see.
  secretMounts,
  // Opt-in debug target: after the user (it switches back to the runtime's final user); before the cache mounts,
  // which then see every stage where it finally stands.
  debugStage,
  // After the stage-shaping transforms: it decorates RUNs of builder stages, which only exist once the split
  // is done, and it must see every install where it finally stands. The user transform only touches the final
  // stage, so their order does not matter for the output; putting mounts later keeps "shape, then speed".
  addCacheMounts,
  // Last: whether the file needs a BuildKit frontend depends on what all the others produced (--mount above).
  addSyntaxDirective,
];

export const transformById = (id: string): Transform | undefined => TRANSFORMS.find((t) => t.meta.id === id);
