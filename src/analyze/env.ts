// ENV/ARG names by what they are for: one list serves the split (what stays in the builder) and verify (what the
// final stage may lack), so the two can never disagree.

/** Names that look like credentials: never carried into a runtime stage. */
export const SECRET = /TOKEN|PASSWORD|PASSWD|SECRET|_KEY$|^KEY$|API_?KEY|PRIVATE|CREDENTIAL/i;

// Settings read only by package managers and compilers (the app never reads them at run time).
const BUILD_ONLY = new RegExp(
  '^(' +
    [
      'DEBIAN_FRONTEND',
      'CGO_ENABLED', 'GOOS', 'GOARCH', 'GOAMD64', 'GOARM', 'GOFLAGS', 'GOPROXY', 'GOPRIVATE', 'GONOSUMDB', 'GOSUMDB', 'GOCACHE', 'GO111MODULE',
      'NPM_CONFIG_\\w+', 'npm_config_\\w+', 'YARN_\\w+',
      'PIP_\\w+', 'POETRY_\\w+', 'PIPENV_VENV_IN_PROJECT', 'UV_\\w+',
      'MAVEN_OPTS', 'MAVEN_CONFIG', 'MAVEN_HOME', 'GRADLE_OPTS', 'GRADLE_USER_HOME', 'GRADLE_HOME',
      'RUSTFLAGS', 'CARGO_\\w+', 'RUSTUP_HOME', 'RUST_VERSION',
      'DOTNET_CLI_TELEMETRY_OPTOUT', 'DOTNET_SKIP_FIRST_TIME_EXPERIENCE', 'DOTNET_NOLOGO', 'NUGET_PACKAGES',
    ].join('|') +
    ')$',
);

export const isBuildOnlyEnv = (name: string): boolean => BUILD_ONLY.test(name);
