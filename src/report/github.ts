// `--format github`: GitHub Actions workflow commands that annotate the files of a pull request. A file that
// would change gets a warning per change, on the line the change names; a file that failed gets an error.
// Values are escaped by the workflow-command rules: `%`, CR and LF everywhere, and also `:` and `,` inside
// properties (file, line, title), where they would end a value early.
import type { FileReport } from './results.ts';

const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One workflow command: `::warning file=Dockerfile,line=3,title=…::message`. */
export function workflowCommand(command: 'warning' | 'error', properties: Readonly<Record<string, string | number | undefined>>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${property(String(v))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${data(message)}\n`;
}

/** The annotations of one file (none for a file that is unchanged or skipped). */
export function annotations(f: FileReport): string {
  if (f.status === 'error') return workflowCommand('error', { file: f.path, line: f.line, title: 'msd-convert: error' }, f.reason ?? 'failed');
  if (f.status !== 'converted') return '';
  return f.changes.map((c) => workflowCommand('warning', { file: f.path, line: c.line, title: `msd-convert: ${c.transform}` }, c.message)).join('');
}
