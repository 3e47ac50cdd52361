// The Node static server a static front end's image starts (`serve -s build`, `http-server dist`, `npx serve …`,
// or an npm/yarn/pnpm script that runs one), read closely enough to hand its folder to another web server: the
// folder it serves, whether unknown paths fall back to /index.html, and what of it cannot be carried over.
// Only what the command says is trusted: a server without a folder serves its working folder (sources and
// node_modules), so no folder is guessed from the framework — that would change which files are served.
import { resolvePath } from '../model/paths.ts';
import { baseName, positional, splitShell } from '../model/shell.ts';
import type { Facts } from './contract.ts';
import { readJson } from './project.ts';

export const NODE_SERVERS = /^(serve|http-server|live-server|sirv|sirv-cli|lite-server)$/;

export interface NodeStaticServer {
  readonly name: 'serve' | 'http-server';
  /** The folder it serves, absolute. */
  readonly dir: string;
  /** Unknown paths answer with /index.html (`serve -s`, a single-page app). */
  readonly spa: boolean;
}

type StartFacts = Pick<Facts, 'entry' | 'project' | 'env' | 'workdir' | 'appDir'>;

/**
 * Options each server takes that change nothing nginx must reproduce (logging, listening address, caching
 * headers), with whether they take a value. Any other option (CORS, TLS, proxies, auth, config files, ...)
 * changes behaviour this tool does not translate.
 */
const HARMLESS: Readonly<Record<NodeStaticServer['name'], Readonly<Record<string, boolean>>>> = {
  serve: {
    '-s': false, '--single': false, '-l': true, '--listen': true, '-p': true, '--port': true, '-d': false, '--debug': false,
    '-n': false, '--no-clipboard': false, '-u': false, '--no-compression': false, '--no-etag': false,
    '-L': false, '--no-request-logging': false, '--no-port-switching': false,
  },
  'http-server': {
    '-p': true, '--port': true, '-a': true, '--address': true, '-s': false, '--silent': false, '-U': false, '--utc': false,
    '--log-ip': false, '-c': true, '-t': true,
  },
};

const RUNNERS = /^(npm|yarn|pnpm)$/;

/** The words of one simple shell command, or null when the text is more than that (`a && b`, pipes, ...). */
function simpleCommand(text: string): string[] | null {
  const script = splitShell(text);
  if (script.opaque || script.commands.length !== 1) return null;
  const [c] = script.commands;
  return [c.name, ...c.args];
}

/** `npm start`, `npm run x`, `yarn x`, `pnpm run x` → the words of that package.json script (one level). */
function scriptWords(words: readonly string[], facts: StartFacts): string[] | null {
  const [runner, ...rest] = words;
  if (!RUNNERS.test(baseName(runner ?? ''))) return null;
  const args = positional(rest);
  const name = args[0] === 'run' || args[0] === 'run-script' ? args[1] : args[0];
  if (!name || args.length > (args[0] === 'run' || args[0] === 'run-script' ? 2 : 1)) return null;
  const scripts = (readJson(facts.project, 'package.json')?.scripts ?? {}) as Record<string, unknown>;
  const script = scripts[name];
  return typeof script === 'string' ? simpleCommand(script) : null;
}

/** The server and its arguments: `npx [-y] serve@14 …` and `node_modules/.bin/serve …` are the server itself. */
function serverCall(words: readonly string[]): { name: string; args: string[] } | null {
  let k = 0;
  if (baseName(words[0] ?? '') === 'npx') {
    k = 1;
    while (k < words.length && /^(-y|--yes|--no-install|--quiet|-q)$/.test(words[k])) k++;
  }
  const name = baseName(words[k] ?? '').replace(/@[^@/]*$/, '');
  return NODE_SERVERS.test(name) ? { name, args: words.slice(k + 1) } : null;
}

/** The Node static server the stage starts (directly, through npx, or an npm script), or null. */
export function nodeServerCall(facts: StartFacts): { name: string; args: string[] } | null {
  const words = facts.entry.simple;
  if (!words) return null;
  return serverCall(words) ?? serverCall(scriptWords(words, facts) ?? []);
}

const substitute = (word: string, env: ReadonlyMap<string, string>): string | null =>
  word.includes('$') ? (/^\$\{?(\w+)\}?$/.test(word) ? (env.get(word.replace(/[${}]/g, '')) ?? null) : null) : word;

/** What the Node static server serves, or why that cannot be told for sure. */
export function nodeStaticServer(facts: StartFacts): NodeStaticServer | { skip: string } {
  const call = nodeServerCall(facts);
  if (!call) return { skip: 'the start command is not a single `serve` or `http-server` call this tool can read' };
  if (call.name !== 'serve' && call.name !== 'http-server') return { skip: `\`${call.name}\` is not translated to nginx (only serve and http-server are)` };
  const name = call.name as NodeStaticServer['name'];
  const known = HARMLESS[name];
  const withValue = Object.keys(known).filter((o) => known[o]);
  for (const a of call.args) {
    if (!a.startsWith('-') || a === '--') continue;
    const option = a.replace(/=.*$/, '').replace(/^(-c)-?\d+$/, '$1');
    if (!(option in known)) return { skip: `\`${name} ${a}\` changes how files are served, which is not translated to nginx` };
  }
  const dirs = positional(call.args, withValue);
  if (dirs.length === 0) {
    const default_ = name === 'serve' ? 'its working folder' : 'public/ when it exists at run time, else its working folder';
    return { skip: `\`${name}\` names no folder, so it serves ${default_}: the build output folder is not certain` };
  }
  if (dirs.length > 1) return { skip: `\`${name}\` is given several folders (${dirs.join(', ')})` };
  const word = substitute(dirs[0], facts.env);
  const dir = word === null ? null : resolvePath(word, facts.workdir);
  if (!dir || dir.includes('$') || dir.includes('*')) return { skip: `cannot tell which folder \`${dirs[0]}\` is` };
  const app = facts.appDir;
  if (!app || !dir.startsWith(app + '/')) return { skip: `${dir} is not a folder inside the app folder ${app ?? '(none)'}, so it may not be the build output` };
  // serve reads rewrites, redirects and headers from a serve.json in the served folder.
  const rel = dir.slice(app.length + 1);
  const config = [`${rel}/serve.json`, 'public/serve.json', 'serve.json'].find((f) => facts.project.exists(f));
  if (name === 'serve' && config) return { skip: `${config} configures serve (rewrites, headers), which is not translated to nginx` };
  return { name, dir, spa: name === 'serve' && call.args.some((a) => a === '-s' || a === '--single') };
}
