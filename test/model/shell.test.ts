import { describe, expect, it } from 'vitest';
import { heredocScript, optionValue, positional, splitShell } from '../../src/model/shell.ts';

const names = (src: string) => splitShell(src).commands.map((c) => [c.name, ...c.args].join(' '));

describe('splitShell', () => {
  it('splits && || ; | and keeps words', () => {
    expect(names('apt-get update && apt-get install -y gcc libpq-dev && rm -rf /var/lib/apt/lists/*')).toEqual([
      'apt-get update',
      'apt-get install -y gcc libpq-dev',
      'rm -rf /var/lib/apt/lists/*',
    ]);
    expect(names('a || b; c | d & e')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
  it('removes quotes and keeps quoted separators inside words', () => {
    expect(names(`echo "a && b" 'c;d' e\\ f`)).toEqual(['echo a && b c;d e f']);
  });
  it('takes leading assignments as env, not as the command', () => {
    const [c] = splitShell('CGO_ENABLED=0 GOOS=linux go build -o /out/app ./cmd/x').commands;
    expect(c.name).toBe('go');
    expect(c.env).toEqual({ CGO_ENABLED: '0', GOOS: 'linux' });
  });
  it('gives each command its name without the folder', () => {
    expect(splitShell('/usr/bin/apt-get update && ./mvnw -q package && pip3 install x').commands.map((c) => c.base)).toEqual(['apt-get', 'mvnw', 'pip3']);
  });
  it('reads Unicode blanks as blanks and keeps plain runs whole', () => {
    expect(names('echo\u00a0a\u2028b ${X}c$d "e$(f g)"')).toEqual(['echo a b ${X}c$d e$(f g)']);
  });
  it('skips shell keywords and test brackets are commands', () => {
    expect(names('if [ "$X" = 1 ]; then make; fi')).toEqual(['[ $X = 1 ]', 'make']);
    expect(names('for f in a b; do echo $f; done')).toEqual(['echo $f']);
  });
  it('records redirections as writes', () => {
    const [c] = splitShell('echo hi > /etc/motd 2>&1').commands;
    expect(c.args).toEqual(['hi']);
    expect(c.writes).toEqual(['/etc/motd']);
  });
  it('keeps $(...) and backticks inside one word', () => {
    expect(names('echo $(date && id) `uname -a`')).toEqual(['echo $(date && id) `uname -a`']);
  });
  it('skips the bodies of heredocs fed to a command, and marks unbalanced quotes opaque', () => {
    const doc = splitShell('cat <<EOF > /x\nhello && rm -rf /\nEOF\nchmod 600 /x');
    expect(doc.opaque).toBe(false);
    expect(doc.commands.map((c) => c.name)).toEqual(['cat', 'chmod']);
    expect(doc.commands[0].writes).toEqual(['/x']);
    expect(splitShell("cat <<-'EOT' | tee /y\n\tbody\n\tEOT\n").commands.map((c) => c.name)).toEqual(['cat', 'tee']);
    expect(splitShell('cat <<EOF > /x').opaque).toBe(true); // the body never starts
    expect(splitShell('echo "unclosed').opaque).toBe(true);
    expect(splitShell('echo ok').opaque).toBe(false);
  });
  it('tells compound commands (if, for, while) apart', () => {
    expect(splitShell('if [ -f x ]; then rm x; fi').compound).toBe(true);
    expect(splitShell('for f in a b; do echo $f; done').compound).toBe(true);
    expect(splitShell('apt-get update && apt-get install -y curl').compound).toBe(false);
  });
  it('finds the script of a heredoc RUN', () => {
    const src = '<<EOF\napt-get update\napt-get install -y curl\nEOF';
    const body = heredocScript(src)!;
    expect(src.slice(body.start, body.end)).toBe('apt-get update\napt-get install -y curl\n');
    expect(heredocScript('bash -ex <<-EOT\n\techo hi\n\tEOT\n')).not.toBeNull();
    expect(heredocScript('cat <<EOF > /x\nhi\nEOF')).toBeNull(); // data for cat, not the script
    expect(heredocScript('<<EOF\necho hi\nEOF\necho more')).toBeNull();
  });
  it('gives offsets into the source', () => {
    const src = 'npm ci && npm run build';
    const [, b] = splitShell(src).commands;
    expect(src.slice(b.start, b.words[b.words.length - 1].end)).toBe('npm run build');
  });
});

describe('option helpers', () => {
  it('positional drops options and their values', () => {
    expect(positional(['install', '-y', '--no-install-recommends', 'gcc', '-o', 'x', 'make'], ['-o'])).toEqual(['install', 'gcc', 'make']);
  });
  it('optionValue reads -o v, -o=v and --out=v', () => {
    expect(optionValue(['build', '-o', '/srv'], ['-o'])).toBe('/srv');
    expect(optionValue(['build', '-o=/srv'], ['-o'])).toBe('/srv');
    expect(optionValue(['build'], ['-o'])).toBeUndefined();
  });
});
