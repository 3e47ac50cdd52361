// The flags a user can rely on; --help must name each of them (the README lists the same).
export const HELP_FLAGS = ['--write', '--check', '--stdout', '--json', '--format', '--report', '--context', '--only', '--skip', '--user', '--uid', '--force-nonroot', '--list-transforms', '--quiet', '--debug', '--include', '--exclude', '--no-gitignore', '--concurrency', '--shard'];
