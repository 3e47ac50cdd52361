// Downloads, clones, archives and installers, by where what they fetch lands: a build input (builder only),
// a place outside the app (copied to the runtime), package sources (copied before the runtime installs), or
// an installer (run again, on the builder's own base image). And what each RUN leaves for the runtime.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.ts';
import { NO_PROJECT } from '../../src/analyze/project.ts';
import { parse } from '../../src/model/parse.ts';

const runOf = (run: string, head = 'FROM debian:bookworm\nWORKDIR /app\n') => {
  const facts = analyze(parse(`${head}RUN ${run}\nCMD ["/app/x"]\n`), NO_PROJECT);
  return facts.runs[facts.runs.length - 1];
};

describe('downloads and archives land where their options say', () => {
  it.each([
    ['curl -fsSL -o /usr/local/bin/tool https://example.invalid/tool', 'system-config', { places: ['/usr/local/bin/tool'] }],
    ['wget -O /usr/local/bin/tool https://example.invalid/tool', 'system-config', { places: ['/usr/local/bin/tool'] }],
    ['wget -qO /opt/app.jar https://example.invalid/app.jar', 'system-config', { places: ['/opt/app.jar'] }],
    ['curl -fsSLo /tmp/x.tgz https://example.invalid/x.tgz', 'fetch', { fetches: ['/tmp/x.tgz'] }],
    ['curl -O https://example.invalid/src-1.0.tar.gz', 'fetch', { fetches: ['/app/src-1.0.tar.gz'] }],
    ['wget https://example.invalid/a.zip', 'fetch', { fetches: ['/app/a.zip'] }],
    ['tar -xzf /tmp/x.tgz -C /opt/x', 'system-config', { places: ['/opt/x'] }],
    ['tar -vxzC /usr/local/bin -f /tmp/x.tgz', 'system-config', { places: ['/usr/local/bin'] }],
    ['tar xf /tmp/x.tar -C /usr/src/x', 'fetch', { fetches: ['/usr/src/x'] }],
    ['unzip -q /tmp/x.zip -d /opt/x', 'system-config', { places: ['/opt/x'] }],
    ['git clone --depth 1 https://example.invalid/tool.git /opt/tool', 'system-config', { places: ['/opt/tool'] }],
    ['git clone https://example.invalid/src.git', 'fetch', { fetches: ['/app/src'] }],
    ['git clone https://example.invalid/src.git /usr/src/src', 'fetch', { fetches: ['/usr/src/src'] }],
    ['curl -fsSL https://example.invalid/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg', 'system-packages', { sources: ['/usr/share/keyrings/x.gpg'] }],
    ['sha256sum -c x.sha256', 'neutral', {}],
  ])('%s', (run, role, fields) => {
    const c = runOf(run).commands.find((k) => k.role !== 'fetch' || role === 'fetch')!;
    expect(c.role).toBe(role);
    expect(c).toMatchObject(fields);
  });

  it('follows the variables of the stage and of the RUN', () => {
    const head = 'FROM debian:bookworm\nENV TOOL_HOME=/opt/tool\nWORKDIR /app\n';
    expect(runOf('curl -o $TOOL_HOME/bin/tool https://example.invalid/t', head).commands[0].places).toEqual(['/opt/tool/bin/tool']);
    const tmp = runOf('dir="$(mktemp -d)" && curl -o "$dir/x.tgz" https://example.invalid/x.tgz && tar -xzf "$dir/x.tgz" -C /opt/x && rm -rf "$dir"');
    expect(tmp.role).not.toBe('unknown');
    expect(tmp.runtime).toMatchObject({ replay: 'none', copies: ['/opt/x'] });
  });
});

describe('what a RUN leaves for the runtime', () => {
  it.each([
    // system setup alone: replayed as written
    ['groupadd -r web && useradd -r -g web web', { replay: 'all', copies: [], sameBase: null }],
    // an installer: replayed, and the runtime keeps the builder's base image
    ['curl -fsSL https://example.invalid/install.sh | sh', { replay: 'all', sameBase: expect.stringContaining('install.sh | sh') }],
    ['wget https://example.invalid/pkg.deb && dpkg -i pkg.deb', { replay: ['wget https://example.invalid/pkg.deb', 'dpkg -i pkg.deb'], sameBase: expect.any(String) }],
    // setup mixed with a build: only the setup runs again
    ['apt-get update && apt-get install -y gcc && useradd app && make', { replay: ['useradd app'] }],
    ['make && cd /etc && ln -s /opt/x/conf x.conf', { replay: ['cd /etc && ln -s /opt/x/conf x.conf'] }],
    ['arch="$(dpkg --print-architecture)" && make && ln -s /opt/x-$arch /opt/x', { replay: ['arch="$(dpkg --print-architecture)"', 'ln -s /opt/x-$arch /opt/x'] }],
    // a downloaded script run by its path is an installer; a bare name is the program `make install` put on the PATH
    ['curl -o /tmp/setup https://example.invalid/setup && chmod +x /tmp/setup && /tmp/setup', { sameBase: expect.any(String) }],
    ['wget -O x.tgz https://example.invalid/x.tgz && tar -xzf x.tgz -C /usr/src/tool && cd /usr/src/tool && make && make install && tool --version', { replay: 'none', sameBase: null }],
    ['git clone https://example.invalid/tool.git /usr/src/tool && cd /usr/src/tool && make install && tool -V', { replay: 'none', sameBase: null }],
    // files put outside the app: copied, not replayed
    ['make && cp build/tool /usr/local/bin/', { replay: 'none', copies: ['/usr/local/bin/tool'] }],
    ['make && install -m 755 build/tool /opt/tool/bin', { replay: 'none', copies: ['/opt/tool/bin'] }],
    // package sources: copied before the runtime installs
    ['curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs', { replay: 'none', sources: expect.arrayContaining(['/etc/apt']) }],
    ['add-apt-repository -y ppa:x/y && apt-get install -y z', { replay: 'none', sources: ['/etc/apt'] }],
    // cleanup of the build's leftovers runs nowhere
    ['make && rm -rf /usr/src/x /tmp/* /var/lib/apt/lists/*', { replay: 'none' }],
  ])('%s', (run, runtime) => {
    const r = runOf(run);
    expect(r.role, r.why).not.toBe('unknown');
    expect(r.runtime).toMatchObject(runtime);
  });

  it('follows an archive unpacked where it cannot tell, then moved to a place of its own', () => {
    const run = 'wget https://example.invalid/tool-1.0.tar.gz && tar xzf tool-1.0.tar.gz && mv tool-1.0 /opt/tool && rm tool-*.tar.gz';
    const r = runOf(run, 'FROM debian:bookworm\n');
    expect(r.role, r.why).not.toBe('unknown');
    expect(r.runtime).toMatchObject({ replay: 'none', copies: ['/opt/tool'] });
    // unpacked and left there: what lands cannot be told
    expect(runOf('wget https://example.invalid/tool-1.0.tar.gz && tar xzf tool-1.0.tar.gz', 'FROM debian:bookworm\n').role).toBe('unknown');
  });

  it.each([
    // a cd inside a subshell ends with it: the rm runs where the RUN started, on the unpacked sources
    ['wget https://example.invalid/curl-7.70.0.tar.bz2 && tar xjf curl-7.70.0.tar.bz2 && (cd curl-7.70.0 && ./configure && make && make install) && rm -r curl-7.70.0', '/usr/local'],
    // a folder made for the build and removed again
    ['mkdir hans && cd hans && curl -sSL https://example.invalid/h.tgz | tar xz && make && mv hans /usr/bin/hans && cd .. && rm -rf hans', '/usr/bin/hans'],
  ])('%s leaves only what it placed', (run, copy) => {
    const r = runOf(run, 'FROM alpine:3.20\n');
    expect(r.role, r.why).toBe('build');
    expect(r.runtime).toMatchObject({ replay: 'none', copies: [copy] });
  });

  it.each([
    ['if [ -f x ]; then useradd web; fi && make', /compound command/],
    ['eval "$SETUP" && make', /eval/],
  ])('%s stays unknown', (run, why) => {
    const r = runOf(run);
    expect(r.role).toBe('unknown');
    expect(r.why).toMatch(why);
  });

  it('splits heredoc RUNs into commands', () => {
    const r = runOf('<<EOF\nset -e\nuseradd app\nmkdir -p /var/lib/app\nEOF');
    expect(r.commands.map((c) => c.command.name)).toEqual(['set', 'useradd', 'mkdir']);
    expect(r.runtime.replay).toBe('all');
    const data = runOf('cat <<EOF > /etc/app.conf\nkey=value && rm -rf /\nEOF');
    expect(data.commands.map((c) => c.command.name)).toEqual(['cat']);
    expect(data.role).toBe('system-config');
  });
});

describe('a command this tool does not know', () => {
  const before = 'FROM debian:bookworm\nWORKDIR /app\n';
  const after = 'FROM debian:bookworm\nWORKDIR /app\nCOPY . .\n';
  it.each([
    // away from the app (another folder, or nothing in the app folder yet), in a RUN that builds nothing: an installer
    ['cpanm -n Mojolicious', before],
    ['/opt/tools/accept-licenses.sh', 'FROM debian:bookworm\nWORKDIR /app\nCOPY tools /opt/tools\n'],
    ['cd /opt && site-install --prefix /opt/site', after],
    ['luarocks install lpeg && useradd app', before],
    ['install2.r --error shiny', 'FROM debian:bookworm\n'],
  ])('%s (%j) installs something: replayed on the same base', (run, head) => {
    const r = runOf(run, head);
    expect(r.role, r.why).toBe('system-config');
    expect(r.runtime.sameBase).toMatch(/changes the system/);
    expect(r.runtime.replay).toBe('all');
  });

  it.each([
    // among the app's files, or next to a build: it may be the build itself
    ['zig build -Doptimize=ReleaseFast', after],
    ['cd /app/src && mix compile', 'FROM debian:bookworm\nWORKDIR /app\nRUN git clone https://example.invalid/src.git /app/src\n'],
    ['site-install /app/vendor', before],
    ['mkdir /opt/src && curl -sSL https://example.invalid/x.tgz | tar xz -C /opt/src && cd /opt/src && mix release', 'FROM debian:bookworm\n'],
    ['/opt/tools/accept-licenses.sh', after],
    ['make && swift build', after],
    // a program found by a relative path, or a download or unpack whose target is unknown
    ['cd /usr/local/go/src && ./make.bash', before],
    ['tar xzf tool-*.tar.gz', 'FROM debian:bookworm\n'],
    // what runs is only known while the image builds
    ['eval "$SETUP"', before],
    ['$TOOL install', before],
  ])('%s (%j) stays unknown', (run, head) => {
    expect(runOf(run, head).role).toBe('unknown');
  });

  it('names what file commands would clash with, were they run again', () => {
    const clashes = (run: string) => runOf(run).commands.map((c) => c.clashes ?? []);
    expect(clashes('mkdir /opt/x && mkdir -p /opt/y')).toEqual([['/opt/x'], []]);
    expect(clashes('ln -s /app/bin/x /usr/local/bin/x && ln -sf /app/bin/y /usr/local/bin/y')).toEqual([['/usr/local/bin/x'], []]);
    expect(clashes('cd /srv && rm -rf www')).toEqual([[], ['/srv/www']]);
    expect(clashes("sed -i 's/a/b/' /etc/x.conf")).toEqual([[]]);
  });

  it('reads the path of `sed -i`, not its script', () => {
    expect(runOf("sed -ri 's!^(#define X) 1$!\\1 0!' /usr/src/redis/src/server.h").role).toBe('fetch');
  });
});
