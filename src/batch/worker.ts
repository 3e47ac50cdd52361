// A batch worker thread: converts the files it is sent, one at a time, and posts back one small entry per file.
import { parentPort, workerData } from 'node:worker_threads';
import { processFile, type FileOptions, type Job } from './file.ts';

const options = workerData as FileOptions;
const queue: Job[] = [];
let running = false;

async function drain(): Promise<void> {
  running = true;
  for (let job = queue.shift(); job; job = queue.shift()) parentPort!.postMessage(await processFile(job, options));
  running = false;
}

parentPort!.on('message', (jobs: Job[]) => {
  queue.push(...jobs);
  if (!running) void drain();
});
