// The --help text: the usage and the closing notes are written here, the option lines come from the table
// (options.ts), so a flag cannot be added without being listed. meow indents it and puts the package
// description on top.
import { FLAG_KEYS, flagWord, OPTIONS, SECTIONS, type Flag } from './option-table.ts';

const LABEL_WIDTH = 23;

function optionLine(key: (typeof FLAG_KEYS)[number]): string {
  const flag: Flag = OPTIONS[key].flag;
  const label = `${flag.shortFlag ? `-${flag.shortFlag}, ` : ''}${flagWord(key)}${flag.arg ? ` ${flag.arg}` : ''}`;
  return `  ${label.padEnd(LABEL_WIDTH - 1)} ${flag.help}`;
}

export function helpText(): string {
  const sections = (Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]).map((name) => {
    const lines = FLAG_KEYS.filter((k) => (OPTIONS[k].flag as Flag).section === name).map(optionLine);
    if (name === 'Other') lines.push('  --help, --version');
    return [SECTIONS[name], ...lines].join('\n');
  });
  return [
    'Usage',
    '  $ msd-convert [options] [paths...]',
    '',
    'Paths are Dockerfiles or folders (searched for Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile).',
    '"-" reads one Dockerfile from standard input. Default: ./Dockerfile',
    '',
    sections.join('\n\n'),
    '',
    'Commands',
    '  verify [paths...]      Build, run and compare the original and the converted image (msd-convert verify --help)',
    '',
    'Exit codes',
    '  0  done (a dry run with changes included)',
    '  1  --check found files that would change, or a file failed',
    '  2  usage error',
    '',
    'Examples',
    '  $ msd-convert Dockerfile',
    '  $ msd-convert Dockerfile --write',
    '  $ msd-convert services/ --check',
    '  $ msd-convert . --check --format github',
    '  $ msd-convert ~/src/* --write --report migration.md',
  ].join('\n');
}
