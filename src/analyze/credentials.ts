// Files package managers read registry credentials from, and how to tell whether one holds a credential. One
// table for every reader: the handover keeps them out of the runtime, and `--secret-mounts` turns their use in an
// install into a BuildKit secret. Pure data and a lookup; no ecosystem logic.

export interface CredentialFile {
  /** The file's name as package managers look for it. */
  readonly name: string;
  /** Its name matches case-insensitively (NuGet finds `nuget.config` and `NuGet.config` alike). */
  readonly anyCase?: boolean;
  /** What in its text is a credential; absent: the file exists for credentials only (`.netrc`). */
  readonly holds?: RegExp;
  /** Only the install reads it, never the app: kept out of the runtime even without a credential in it. */
  readonly installOnly?: boolean;
  /** The secret id `--secret-mounts` gives it (`docker build --secret id=npmrc,src=…`). */
  readonly id: string;
  /** Where its owner's tool looks for it in a home folder (for the suggested `src=` of the build command). */
  readonly home: string;
}

export const CREDENTIAL_FILES: readonly CredentialFile[] = [
  { name: '.npmrc', holds: /_authToken|_auth\s*=|_password/i, installOnly: true, id: 'npmrc', home: '$HOME/.npmrc' },
  { name: 'pip.conf', holds: /^\s*(password|(extra-)?index-url\s*=\s*\S*:[^@\s]+@)/im, installOnly: true, id: 'pip.conf', home: '$HOME/.config/pip/pip.conf' },
  { name: '.netrc', id: 'netrc', home: '$HOME/.netrc' },
  { name: '.pypirc', id: 'pypirc', home: '$HOME/.pypirc' },
  { name: 'settings.xml', holds: /<password>|<privateKey>|<passphrase>/i, id: 'settings.xml', home: '$HOME/.m2/settings.xml' },
  { name: 'nuget.config', anyCase: true, holds: /<packageSourceCredentials\b|ClearTextPassword/i, id: 'nuget.config', home: '$HOME/.nuget/NuGet/NuGet.Config' },
];

/** The credential file a path names (by its last segment), or undefined. */
export function credentialFile(path: string): CredentialFile | undefined {
  const name = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return CREDENTIAL_FILES.find((f) => (f.anyCase ? f.name === name.toLowerCase() : f.name === name));
}

/**
 * Whether the file's text holds a credential. A file made for credentials always does; one that may hold none
 * and cannot be read (not in the context) is not taken for one.
 */
export const holdsCredential = (file: CredentialFile, text: string | undefined): boolean => !file.holds || (text !== undefined && file.holds.test(text));
