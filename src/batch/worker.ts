// A batch worker thread: converts the files it is sent, one at a time, and posts the entries back in batches.
import { parentPort, workerData } from 'node:worker_threads';
import { processFile, type Entry, type FileOptions, type Job } from './file.ts';
import { BATCH, encodeEntries } from './protocol.ts';

const options = workerData as FileOptions;
// With --write each entry goes back as soon as its file is written, so a worker lost to its heap cap never
// leaves a written file unreported (its files are converted again in the main thread).
const batch = options.write ? 1 : BATCH;
const queue: Job[] = [];
let running = false;

async function drain(): Promise<void> {
  running = true;
  let done: Entry[] = [];
  for (let job = queue.shift(); job; job = queue.shift()) {
    done.push(await processFile(job, options));
    if (done.length >= batch || queue.length === 0) {
      parentPort!.postMessage(encodeEntries(done));
      done = [];
    }
  }
  running = false;
}

parentPort!.on('message', (jobs: Job[]) => {
  queue.push(...jobs);
  if (!running) void drain();
});
