// The transform registry: the only list of transforms, and the only place their order is decided.
import type { Transform } from '../src/types.ts';
import addNonrootUser from './add-nonroot-user.ts';
import orderCopyForCache from './order-copy-for-cache.ts';
import splitStages from './split-stages.ts';

export const TRANSFORMS: readonly Transform[] = [
  // First: the split decides which stage builds and which runs; the others then work on that shape.
  splitStages,
  // After the split, so the manifest-first order lands in the builder that does the install.
  orderCopyForCache,
  // Last: the user belongs to the final stage, which only exists once the split is done; its --chown
  // goes onto the COPY --from lines the split wrote.
  addNonrootUser,
];

export const transformById = (id: string): Transform | undefined => TRANSFORMS.find((t) => t.meta.id === id);
