// What the main thread and a batch worker send each other. Jobs go out in chunks; entries come back in
// batches of half a chunk, as one JSON string: one wake-up of the main thread per batch instead of per file,
// and JSON.stringify of these plain records costs a fraction of the structured clone of the same objects
// (a worker's profile on the 10,000-file bench: 8 % of its time in postMessage one entry at a time, 3 % in batches).
import type { Entry } from './file.ts';

/** Files sent to a worker at a time; it gets more when half of them are done. */
export const CHUNK = 8;
/** Entries a worker sends back at once (sooner when it has nothing else queued). */
export const BATCH = CHUNK / 2;

export const encodeEntries = (entries: readonly Entry[]): string => JSON.stringify(entries);
export const decodeEntries = (batch: string): Entry[] => JSON.parse(batch) as Entry[];
