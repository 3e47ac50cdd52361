// ENV/ARG names by what they are for. Ecosystems declare the settings only their build tools read
// (`buildEnv`); analysis joins them with these, and split and verify both ask the joined answer (`envKind`).

/** Names that look like credentials: never carried into a runtime stage. */
export const SECRET = /TOKEN|PASSWORD|PASSWD|SECRET|_KEY$|^KEY$|API_?KEY|PRIVATE|CREDENTIAL/i;

/** Settings that only steer the distro's package manager while building. */
export const SYSTEM_BUILD_ENV = /^DEBIAN_FRONTEND$/;
