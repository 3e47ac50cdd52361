// Static front ends: files built by a Node build (or copied in prebuilt) and served by a web server in the same
// image. The original server is kept: a Node server (`serve`, `http-server`) converts like any Node app; nginx
// or Apache installed next to the build would keep the toolchain, so it is left alone with the reason.
import type { Command } from '../../model/shell.ts';
import type { Options } from '../../types.ts';
import type { Ecosystem, SplitPlan } from '../ecosystem.ts';
import type { Facts } from '../index.ts';
import { isOfficial } from '../images.ts';
import { baseName } from '../runtime-needs.ts';
import { node } from './node.ts';

const NODE_SERVERS = /^(serve|http-server|live-server|sirv|sirv-cli|lite-server)$/;
const WEB_SERVERS = /^(nginx|httpd|apache2|apache2ctl|apachectl|caddy|lighttpd)$/;
const SERVER_IMAGES = ['nginx', 'httpd', 'caddy', 'nginxinc/nginx-unprivileged', 'bitnami/nginx'];

/** The server the CMD starts: a Node static server, a web server, or none. */
function server(facts: Pick<Facts, 'stage'>): 'node' | 'web' | null {
  const words = facts.stage.instructions.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT').flatMap((i) => i.json ?? i.args.trim().split(/\s+/));
  if (words.some((w) => NODE_SERVERS.test(baseName(w)))) return 'node';
  if (words.some((w) => WEB_SERVERS.test(baseName(w)))) return 'web';
  return null;
}

const isServerImage = (facts: Pick<Facts, 'base'>): boolean => SERVER_IMAGES.some((r) => facts.base.repo === r);
const builds = (facts: Pick<Facts, 'runs'>): boolean => facts.runs.some((r) => r.commands.some((c) => c.role === 'build'));

function detect(facts: Omit<Facts, 'ecosystem' | 'packageManager'>): string | null {
  if (isServerImage(facts) && !facts.runs.some((r) => r.role === 'build' || r.role === 'dep-install')) return 'none';
  const s = server(facts);
  if (!s || !builds(facts)) return null;
  return node.detect(facts);
}


function plan(facts: Facts, options: Options): SplitPlan | { skip: string; nothing?: boolean } {
  if (facts.packageManager === 'none') return { skip: 'the server image receives files built outside the image: nothing is built here', nothing: true };
  const s = server(facts);
  if (options.staticServer === 'nginx') {
    return { skip: '--static-server nginx: replacing the original server (its CMD and port) is not done yet; the original server is kept unconverted' };
  }
  if (s === 'web') return { skip: 'the build output is served by a web server installed in the same image; --static-server nginx would move it to nginx-unprivileged' };
  if (!isOfficial(facts.base, 'node') && facts.base.repo !== 'oven/bun') return { skip: `no smaller image known for \`${facts.base.raw}\`` };
  // A Node static server runs like any Node app: the Node conversion keeps it.
  return node.plan(facts, options);
}

const classify = (_cmd: Command): null => null;

export const staticSite: Ecosystem = { id: 'static', classify, detect, manifests: node.manifests, plan };
