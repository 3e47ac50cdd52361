// HTTP requests to a container's published port (always 127.0.0.1): one GET per probe path, and the wait
// until the app first answers. Plain node:http, no keep-alive: each request sees the app as a new client does.
import { request } from 'node:http';

export interface Answer {
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/** Bodies larger than this are cut: the comparison then covers their first MAX_BODY bytes. */
export const MAX_BODY = 4 * 1024 * 1024;

export function get(port: number, path: string, headers: Readonly<Record<string, string>>, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { ...headers, connection: 'close' }, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_BODY) chunks.push(c.subarray(0, MAX_BODY - size));
        size += c.length;
      });
      res.on('end', () => resolve({ path, status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export type Wait = { readonly answered: true } | { readonly answered: false; readonly why: 'timeout' | 'stopped' };

/**
 * Asks `path` until anything answers over HTTP (any status counts: the app is up), the deadline passes, or
 * `stillRunning` says the container is gone. A published port accepts connections before the app listens
 * (the engine's proxy does), so refused and reset connections both mean "not yet".
 */
export async function waitForAnswer(
  port: number,
  path: string,
  headers: Readonly<Record<string, string>>,
  deadline: number,
  stillRunning: () => Promise<boolean>,
  everyMs = 250,
): Promise<Wait> {
  let tries = 0;
  while (performance.now() < deadline) {
    try {
      await get(port, path, headers, Math.max(100, Math.min(5000, deadline - performance.now())));
      return { answered: true };
    } catch {
      // not listening yet
    }
    // Asking the engine costs a process: every fourth try (once a second) is enough to notice a crash.
    if (tries++ % 4 === 0 && !(await stillRunning())) return { answered: false, why: 'stopped' };
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return { answered: false, why: 'timeout' };
}
