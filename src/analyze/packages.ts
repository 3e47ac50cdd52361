// System packages: which ones only build (stay in the builder), which runtime library a -dev package needs,
// and what the runtime stage must install. Unknown packages are kept in the runtime: that is the safe side.
// The toolchains of the ecosystems (golang, cargo, composer, ...) are declared by their modules (`buildPackages`).
import { isServerPackage } from './web-server.ts';
import type { CacheTool, EntryFacts, PackageInstall, SystemPackages } from './contract.ts';
import { positional } from '../model/shell.ts';

const BUILD_ONLY = new Set([
  'build-essential', 'build-base', 'gcc', 'g++', 'cpp', 'make', 'cmake', 'autoconf', 'automake', 'libtool', 'pkg-config',
  'pkgconf', 'pkgconfig', 'git', 'musl-dev', 'linux-headers', 'libc-dev', 'libc6-dev', 'python3-dev', 'python-dev',
  'gcc-c++', 'clang', 'llvm', 'binutils', 'bison', 'flex', 'ninja-build', 'nasm', 'yasm', 'patch', 'dpkg-dev', 'file',
  // Alpine and RHEL toolchains
  'alpine-sdk', 'abuild', 'fortify-headers', 'glibc-devel', 'glibc-headers', 'kernel-headers', 'kernel-devel',
  'redhat-rpm-config', 'libstdc++-devel', 'rpm-build', 'make-devel', 'cmake3', 'autoconf-archive', 're2c',
]);

// Debian bookworm runtime libraries of common -dev packages (and Alpine's names).
const DEV_TO_RUNTIME: Readonly<Record<string, string | null>> = {
  'libpq-dev': 'libpq5',
  'default-libmysqlclient-dev': 'libmariadb3',
  'libmariadb-dev': 'libmariadb3',
  'libmariadb-dev-compat': 'libmariadb3',
  'libmysqlclient-dev': 'libmariadb3',
  'libjpeg-dev': 'libjpeg62-turbo',
  'libjpeg62-turbo-dev': 'libjpeg62-turbo',
  'libpng-dev': 'libpng16-16',
  'zlib1g-dev': 'zlib1g',
  'libffi-dev': 'libffi8',
  'libssl-dev': 'libssl3',
  'libxml2-dev': 'libxml2',
  'libxslt1-dev': 'libxslt1.1',
  'libxslt-dev': 'libxslt1.1',
  'libsqlite3-dev': 'libsqlite3-0',
  'libcurl4-openssl-dev': 'libcurl4',
  'libyaml-dev': 'libyaml-0-2',
  'libgeos-dev': 'libgeos-c1v5',
  'libmagic-dev': 'libmagic1',
  'libwebp-dev': 'libwebp7',
  'libfreetype6-dev': 'libfreetype6',
  'liblcms2-dev': 'liblcms2-2',
  'libtiff-dev': 'libtiff6',
  'libtiff5-dev': 'libtiff6',
  'libopenjp2-7-dev': 'libopenjp2-7',
  'libzstd-dev': 'libzstd1',
  'libbz2-dev': 'libbz2-1.0',
  'liblzma-dev': 'liblzma5',
  'libreadline-dev': 'libreadline8',
  'libncurses5-dev': 'libncurses6 libncursesw6',
  'libncursesw5-dev': 'libncurses6 libncursesw6',
  'libsasl2-dev': 'libsasl2-2',
  'libldap2-dev': 'libldap-2.5-0',
  'libcairo2-dev': 'libcairo2',
  'libpango1.0-dev': 'libpango-1.0-0',
  'libgif-dev': 'libgif7',
  'librsvg2-dev': 'librsvg2-2',
  'libvips-dev': 'libvips42',
  'libgmp-dev': 'libgmp10',
  'libevent-dev': 'libevent-2.1-7',
  'uuid-dev': 'libuuid1',
  'libicu-dev': 'libicu72',
  'libzip-dev': 'libzip4',
  'libonig-dev': 'libonig5',
  'libsodium-dev': 'libsodium23',
  'libmemcached-dev': 'libmemcached11',
  'libmagickwand-dev': 'libmagickwand-6.q16-6',
  'librabbitmq-dev': 'librabbitmq4',
  'libjemalloc-dev': 'libjemalloc2',
  'libtidy-dev': 'libtidy5deb1',
  'libxpm-dev': 'libxpm4',
  'libgd-dev': 'libgd3',
  'libfreetype-dev': 'libfreetype6',
  'unixodbc-dev': 'unixodbc',
  'libssh2-1-dev': 'libssh2-1',
  'libedit-dev': 'libedit2',
  'libargon2-dev': 'libargon2-1',
  'libpcre3-dev': 'libpcre3',
  'libpcre2-dev': 'libpcre2-8-0',
  'libexpat1-dev': 'libexpat1',
  'libev-dev': 'libev4',
  'libuv1-dev': 'libuv1',
  'libldap-dev': 'libldap-2.5-0',
  'libkrb5-dev': 'libkrb5-3',
  'libglib2.0-dev': 'libglib2.0-0',
  'libcurl4-gnutls-dev': 'libcurl3-gnutls',
  // C and C++ libraries (header-only ones need nothing at run time)
  'libpcap-dev': 'libpcap0.8',
  'libncurses-dev': 'libncurses6 libncursesw6',
  'libsdl2-dev': 'libsdl2-2.0-0',
  'libx11-dev': 'libx11-6',
  'libxext-dev': 'libxext6',
  'libgl1-mesa-dev': 'libgl1',
  'libgl-dev': 'libgl1',
  'libglu1-mesa-dev': 'libglu1-mesa',
  'libasound2-dev': 'libasound2',
  'libpulse-dev': 'libpulse0',
  'libusb-1.0-0-dev': 'libusb-1.0-0',
  'libudev-dev': 'libudev1',
  'libsystemd-dev': 'libsystemd0',
  'libcap-dev': 'libcap2',
  'libseccomp-dev': 'libseccomp2',
  'libmnl-dev': 'libmnl0',
  'libnl-3-dev': 'libnl-3-200',
  'libgnutls28-dev': 'libgnutls30',
  'libgcrypt20-dev': 'libgcrypt20',
  'libidn2-dev': 'libidn2-0',
  'libnghttp2-dev': 'libnghttp2-14',
  'libbrotli-dev': 'libbrotli1',
  'libjansson-dev': 'libjansson4',
  'libconfig-dev': 'libconfig9',
  'libsnappy-dev': 'libsnappy1v5',
  'liblz4-dev': 'liblz4-1',
  'libjson-c-dev': 'libjson-c5',
  'libmicrohttpd-dev': 'libmicrohttpd12',
  'libmpfr-dev': 'libmpfr6',
  'libmpc-dev': 'libmpc3',
  'libnuma-dev': 'libnuma1',
  'libblas-dev': 'libblas3',
  'liblapack-dev': 'liblapack3',
  'libopenblas-dev': 'libopenblas0',
  'libfftw3-dev': 'libfftw3-double3',
  'libwrap0-dev': 'libwrap0',
  'libpam0g-dev': 'libpam0g',
  'libbsd-dev': 'libbsd0',
  'libltdl-dev': 'libltdl7',
  'libunwind-dev': 'libunwind8',
  'libelf-dev': 'libelf1',
  'libzmq3-dev': 'libzmq5',
  'libmosquitto-dev': 'libmosquitto1',
  'libfontconfig1-dev': 'libfontconfig1',
  'libharfbuzz-dev': 'libharfbuzz0b',
  'libdbus-1-dev': 'libdbus-1-3',
  'libsndfile1-dev': 'libsndfile1',
  'libogg-dev': 'libogg0',
  'libvorbis-dev': 'libvorbis0a',
  'libopus-dev': 'libopus0',
  'libhiredis-dev': 'libhiredis0.14',
  'libgflags-dev': 'libgflags2.2',
  'libtinyxml2-dev': 'libtinyxml2-9',
  'liblua5.3-dev': 'liblua5.3-0',
  'liblua5.1-0-dev': 'liblua5.1-0',
  'libluajit-5.1-dev': 'libluajit-5.1-2',
  'libmcrypt-dev': 'libmcrypt4',
  'libapr1-dev': 'libapr1',
  'libaprutil1-dev': 'libaprutil1',
  'libgdbm-dev': 'libgdbm6',
  'libgdbm-compat-dev': 'libgdbm-compat4',
  'libdb-dev': 'libdb5.3',
  'libgeoip-dev': 'libgeoip1',
  'libmaxminddb-dev': 'libmaxminddb0',
  'tk-dev': 'libtk8.6',
  'tcl-dev': 'libtcl8.6',
  'libaio-dev': 'libaio1',
  'libattr1-dev': 'libattr1',
  'libacl1-dev': 'libacl1',
  'libpixman-1-dev': 'libpixman-1-0',
  'libsdl1.2-dev': 'libsdl1.2debian',
  'libsdl2-image-dev': 'libsdl2-image-2.0-0',
  'libaspell-dev': 'libaspell15',
  'libfcgi-dev': 'libfcgi0ldbl',
  'libbluetooth-dev': 'libbluetooth3',
  'libxi-dev': 'libxi6',
  'libice-dev': 'libice6',
  'libsm-dev': 'libsm6',
  'libxt-dev': 'libxt6',
  'libxau-dev': 'libxau6',
  'libxdmcp-dev': 'libxdmcp6',
  'libxcb1-dev': 'libxcb1',
  'libxrender-dev': 'libxrender1',
  'libjbig-dev': 'libjbig0',
  'freetds-dev': 'libct4 libsybdb5',
  // Libraries whose soname changes with nearly every release: bookworm's name only (VERSIONED below).
  'libvpx-dev': 'libvpx7',
  'libtbb-dev': 'libtbb12',
  'libglew-dev': 'libglew2.2',
  'libgit2-dev': 'libgit2-1.5',
  'libproj-dev': 'libproj25',
  'libperl-dev': 'libperl5.36',
  'libsnmp-dev': 'libsnmp40',
  'libeigen3-dev': null,
  'libglm-dev': null,
  'nlohmann-json3-dev': null,
  'rapidjson-dev': null,
  'libgtest-dev': null,
  'libcatch2-dev': null,
  'libboost-dev': null,
  'libasio-dev': null,
  'libcereal-dev': null,
  'libmsgpack-dev': null,
  'libutfcpp-dev': null,
  // alpine (names shared with Debian carry @apk)
  'postgresql-dev': 'libpq',
  'libpng-dev@apk': 'libpng',
  'sqlite-dev': 'sqlite-libs',
  'curl-dev': 'libcurl',
  'yaml-dev': 'yaml',
  'icu-dev': 'icu-libs',
  'libzip-dev@apk': 'libzip',
  'freetype-dev': 'freetype',
  'libwebp-dev@apk': 'libwebp',
  'oniguruma-dev': 'oniguruma',
  'gmp-dev': 'gmp',
  'libsodium-dev@apk': 'libsodium',
  'libmemcached-dev@apk': 'libmemcached-libs',
  'imagemagick-dev': 'imagemagick-libs',
  'geos-dev': 'geos',
  'bzip2-dev': 'libbz2',
  'xz-dev': 'xz-libs',
  'readline-dev': 'readline',
  'ncurses-dev': 'ncurses-libs',
  'krb5-dev': 'krb5-libs',
  'libevent-dev@apk': 'libevent',
  'zstd-dev': 'zstd-libs',
  'pcre-dev': 'pcre',
  'pcre2-dev': 'pcre2',
  'tiff-dev': 'tiff',
  'lcms2-dev': 'lcms2',
  'openjpeg-dev': 'openjpeg',
  'cairo-dev': 'cairo',
  'pango-dev': 'pango',
  'giflib-dev': 'giflib',
  'vips-dev': 'vips',
  'file-dev': 'libmagic',
  'util-linux-dev': 'libuuid',
  'libxml2-dev@apk': 'libxml2',
  'libxslt-dev@apk': 'libxslt',
  'libffi-dev@apk': 'libffi',
  'libjpeg-turbo-dev@apk': 'libjpeg-turbo',
  'libpq-dev@apk': 'libpq',
  'libpcap-dev@apk': 'libpcap',
  'clang-dev': null,
  'llvm-dev': null,
  'zeromq-dev': 'libzmq',
  'hiredis-dev': 'hiredis',
  'jansson-dev': 'jansson',
  'libcap-dev@apk': 'libcap',
  'libseccomp-dev@apk': 'libseccomp',
  'lua5.3-dev': 'lua5.3-libs',
  'luajit-dev': 'luajit',
  'libuv-dev': 'libuv',
  'c-ares-dev': 'c-ares',
  'nghttp2-dev': 'nghttp2-libs',
  'brotli-dev': 'brotli-libs',
  'lz4-dev': 'lz4-libs',
  'snappy-dev': 'snappy',
  'json-c-dev': 'json-c',
  'libmnl-dev@apk': 'libmnl',
  'libnl3-dev': 'libnl3',
  'eudev-dev': 'eudev-libs',
  'libusb-dev': 'libusb',
  'gnutls-dev': 'gnutls',
  'libgcrypt-dev': 'libgcrypt',
  'libidn2-dev@apk': 'libidn2',
  'boost-dev': 'boost',
  'eigen-dev': null,
  // RHEL, Fedora, Amazon Linux (-devel)
  'postgresql-devel': 'postgresql-libs',
  'libpq-devel': 'libpq',
  'mariadb-devel': 'mariadb-connector-c',
  'mariadb-connector-c-devel': 'mariadb-connector-c',
  'mysql-devel': 'mysql-libs',
  'openssl-devel': 'openssl-libs',
  'zlib-devel': 'zlib',
  'libffi-devel': 'libffi',
  'libxml2-devel': 'libxml2',
  'libxslt-devel': 'libxslt',
  'sqlite-devel': 'sqlite-libs',
  'libcurl-devel': 'libcurl',
  'libjpeg-turbo-devel': 'libjpeg-turbo',
  'libpng-devel': 'libpng',
  'freetype-devel': 'freetype',
  'libyaml-devel': 'libyaml',
  'bzip2-devel': 'bzip2-libs',
  'xz-devel': 'xz-libs',
  'readline-devel': 'readline',
  'ncurses-devel': 'ncurses-libs',
  'libicu-devel': 'libicu',
  'libzip-devel': 'libzip',
  'oniguruma-devel': 'oniguruma',
  'gmp-devel': 'gmp',
  'libuuid-devel': 'libuuid',
  'krb5-devel': 'krb5-libs',
  'libevent-devel': 'libevent',
  'pcre-devel': 'pcre',
  'pcre2-devel': 'pcre2',
  'libzstd-devel': 'libzstd',
  'libwebp-devel': 'libwebp',
  'libtiff-devel': 'libtiff',
  'libsodium-devel': 'libsodium',
  'unixODBC-devel': 'unixODBC',
  'libaio-devel': 'libaio',
  'cyrus-sasl-devel': 'cyrus-sasl-lib',
  'openldap-devel': 'openldap',
  'python3-devel': null,
  'python-devel': null,
  'ruby-devel': null,
  'openssl-dev@apk': 'libssl3',
  'mariadb-dev': 'mariadb-connector-c',
  'mariadb-connector-c-dev': 'mariadb-connector-c',
  'jpeg-dev': 'libjpeg-turbo',
  'libjpeg-turbo-dev': 'libjpeg-turbo',
  'zlib-dev': 'zlib',
};

/**
 * Releases whose runtime library names differ from bookworm's (soname bumps, Ubuntu's own names): the -dev
 * package's library there. A release this table and bookworm do not cover gets no mapping (the split says so).
 */
const RELEASE_NAMES: Readonly<Record<string, Readonly<Record<string, string | null>>>> = {
  bookworm: {},
  trixie: {
    'libicu-dev': 'libicu76', 'libzip-dev': 'libzip5', 'libmagickwand-dev': 'libmagickwand-7.q16-10', 'libtidy-dev': 'libtidy58',
    'libldap2-dev': 'libldap2', 'libldap-dev': 'libldap2', 'libvips-dev': 'libvips42t64', 'libgeos-dev': 'libgeos-c1t64',
    'unixodbc-dev': 'libodbc2', 'libpcap-dev': 'libpcap0.8t64', 'libssl-dev': 'libssl3t64', 'libcurl4-openssl-dev': 'libcurl4t64',
    'libpng-dev': 'libpng16-16t64', 'libevent-dev': 'libevent-2.1-7t64', 'libreadline-dev': 'libreadline8t64', 'libuv1-dev': 'libuv1t64',
    'libglib2.0-dev': 'libglib2.0-0t64', 'libmagic-dev': 'libmagic1t64', 'libasound2-dev': 'libasound2t64', 'libhiredis-dev': 'libhiredis1.1.0',
  },
  jammy: {
    'libjpeg-dev': 'libjpeg-turbo8', 'libjpeg-turbo8-dev': 'libjpeg-turbo8', 'libtiff-dev': 'libtiff5', 'libtiff5-dev': 'libtiff5',
    'libicu-dev': 'libicu70', 'libgflags-dev': 'libgflags2.2', 'libtinyxml2-dev': 'libtinyxml2-9', 'libhiredis-dev': 'libhiredis0.14',
    'default-libmysqlclient-dev': 'libmysqlclient21', 'libmysqlclient-dev': 'libmysqlclient21', 'libvpx-dev': 'libvpx7', 'libtbb-dev': 'libtbb12',
  },
  noble: {
    'libjpeg-dev': 'libjpeg-turbo8', 'libjpeg-turbo8-dev': 'libjpeg-turbo8', 'libicu-dev': 'libicu74', 'libldap2-dev': 'libldap2',
    'libldap-dev': 'libldap2', 'libmagickwand-dev': 'libmagickwand-6.q16-7t64', 'libtidy-dev': 'libtidy58', 'libzip-dev': 'libzip4t64',
    'libgeos-dev': 'libgeos-c1t64', 'libpcap-dev': 'libpcap0.8t64', 'libssl-dev': 'libssl3t64', 'libcurl4-openssl-dev': 'libcurl4t64',
    'libpng-dev': 'libpng16-16t64', 'libevent-dev': 'libevent-2.1-7t64', 'libreadline-dev': 'libreadline8t64', 'libuv1-dev': 'libuv1t64',
    'libglib2.0-dev': 'libglib2.0-0t64', 'libmagic-dev': 'libmagic1t64', 'libasound2-dev': 'libasound2t64', 'libhiredis-dev': 'libhiredis1.1.0',
    'libtinyxml2-dev': 'libtinyxml2-10', 'default-libmysqlclient-dev': 'libmysqlclient21', 'libmysqlclient-dev': 'libmysqlclient21',
  },
  bullseye: {
    'libssl-dev': 'libssl1.1', 'libffi-dev': 'libffi7', 'libicu-dev': 'libicu67', 'libtiff-dev': 'libtiff5', 'libtiff5-dev': 'libtiff5',
    'libldap2-dev': 'libldap-2.4-2', 'libldap-dev': 'libldap-2.4-2', 'libwebp-dev': 'libwebp6', 'libtinyxml2-dev': 'libtinyxml2-8',
    'libvpx-dev': 'libvpx6', 'libtbb-dev': 'libtbb2', 'libperl-dev': 'libperl5.32', 'libsnmp-dev': 'libsnmp40', 'libproj-dev': 'libproj19',
  },
  buster: {
    'libssl-dev': 'libssl1.1', 'libffi-dev': 'libffi6', 'libicu-dev': 'libicu63', 'libtiff-dev': 'libtiff5', 'libtiff5-dev': 'libtiff5',
    'libldap2-dev': 'libldap-2.4-2', 'libldap-dev': 'libldap-2.4-2', 'libwebp-dev': 'libwebp6', 'libreadline-dev': 'libreadline7',
    'libevent-dev': 'libevent-2.1-6', 'libjson-c-dev': 'libjson-c3', 'libvpx-dev': 'libvpx5', 'libtbb-dev': 'libtbb2', 'libglew-dev': 'libglew2.1',
    'libperl-dev': 'libperl5.28', 'libsnmp-dev': 'libsnmp30', 'libproj-dev': 'libproj13', 'libgit2-dev': 'libgit2-27', 'libhiredis-dev': 'libhiredis0.14',
    'libzstd-dev': 'libzstd1', 'libtinyxml2-dev': 'libtinyxml2-6a', 'libonig-dev': 'libonig5', 'libmagickwand-dev': 'libmagickwand-6.q16-6',
    'libopenblas-dev': 'libopenblas-base',
  },
  focal: {
    'libssl-dev': 'libssl1.1', 'libffi-dev': 'libffi7', 'libicu-dev': 'libicu66', 'libtiff-dev': 'libtiff5', 'libtiff5-dev': 'libtiff5',
    'libldap2-dev': 'libldap-2.4-2', 'libldap-dev': 'libldap-2.4-2', 'libwebp-dev': 'libwebp6', 'libjpeg-dev': 'libjpeg-turbo8',
    'libjpeg-turbo8-dev': 'libjpeg-turbo8', 'libzip-dev': 'libzip5', 'libjson-c-dev': 'libjson-c4', 'libvpx-dev': 'libvpx6', 'libtbb-dev': 'libtbb2',
    'libtinyxml2-dev': 'libtinyxml2-6a', 'libperl-dev': 'libperl5.30', 'libsnmp-dev': 'libsnmp35', 'libglew-dev': 'libglew2.1',
    'default-libmysqlclient-dev': 'libmysqlclient21', 'libmysqlclient-dev': 'libmysqlclient21',
  },
};

/**
 * The bookworm entries whose library name is bookworm's own (a soname that changes with the release): another
 * release gets them only from its own table, else the -dev package is kept whole.
 */
const VERSIONED = new Set(['libvpx-dev', 'libtbb-dev', 'libglew-dev', 'libgit2-dev', 'libproj-dev', 'libperl-dev', 'libsnmp-dev']);

/**
 * Entries checked for the releases up to bookworm and jammy only: trixie and noble renamed many libraries in
 * their 64-bit time_t transition (`libaio1t64`), so there they count as unknown unless their own table names them.
 */
const BEFORE_T64 = new Set([
  'libmcrypt-dev', 'libapr1-dev', 'libaprutil1-dev', 'libgdbm-dev', 'libgdbm-compat-dev', 'libdb-dev', 'libgeoip-dev', 'libmaxminddb-dev',
  'tk-dev', 'tcl-dev', 'libaio-dev', 'libattr1-dev', 'libacl1-dev', 'libpixman-1-dev', 'libsdl1.2-dev', 'libsdl2-image-dev', 'libaspell-dev',
  'libfcgi-dev', 'libbluetooth-dev', 'libxi-dev', 'libice-dev', 'libsm-dev', 'libxt-dev', 'libxau-dev', 'libxdmcp-dev', 'libxcb1-dev',
  'libxrender-dev', 'libjbig-dev', 'freetds-dev', 'libncurses5-dev', 'libncursesw5-dev',
]);
const T64 = new Set(['trixie', 'noble']);

/** The runtime library of a -dev package on `release` (null: nothing needed; undefined: not known). */
export function runtimeLibrary(pkg: string, manager: PackageInstall['manager'], release: string | null | undefined): string | null | undefined {
  const key = `${pkg}@${manager}` in DEV_TO_RUNTIME ? `${pkg}@${manager}` : pkg;
  if (!(key in DEV_TO_RUNTIME)) return undefined;
  // Header-only libraries need nothing at run time on any release.
  if (manager !== 'apt' || DEV_TO_RUNTIME[key] === null) return DEV_TO_RUNTIME[key];
  // No release named: bookworm's names, except the ones that are bookworm's alone.
  if (release === undefined) return VERSIONED.has(pkg) ? undefined : DEV_TO_RUNTIME[key];
  // A release named but not in the table (stretch, bionic, ...): its library names are not known.
  if (release === null || !(release in RELEASE_NAMES)) return undefined;
  const names = RELEASE_NAMES[release];
  if (pkg in names) return names[pkg];
  if (release !== 'bookworm' && VERSIONED.has(pkg)) return undefined;
  return T64.has(release) && BEFORE_T64.has(pkg) ? undefined : DEV_TO_RUNTIME[key];
}

/**
 * An interpreter's headers for building its native extensions (`python2-dev`, `python3.6-dev`, `libpython3.11-dev`,
 * `php7.4-dev`): build-only like `python3-dev`; the runtime needs the interpreter, not its headers.
 */
const INTERPRETER_HEADERS = /^(lib)?python[\d.]*-dev$|^php[\d.]*-dev$/;

/** A compiler, build tool or header package of no particular ecosystem. */
export const isToolchain = (pkg: string): boolean => BUILD_ONLY.has(pkg) || /^(gcc|g\+\+|clang|llvm)-\d+$/.test(pkg) || INTERPRETER_HEADERS.test(pkg) || /^(gcc-toolset-\d+|devtoolset-\d+|@development(-tools)?|@"?Development Tools"?)$/.test(pkg);
/** The distro package managers whose installs this tool reads. */
export const PACKAGE_MANAGERS = /^(apt-get|apt|apk|yum|dnf|microdnf)$/;

export const isDevPackage = (pkg: string): boolean => /-(dev|devel)$/.test(pkg);

// Packages known to be wanted at run time: carried without a note.
const RUNTIME_KNOWN = new Set([
  'ca-certificates', 'tzdata', 'curl', 'wget', 'tini', 'dumb-init', 'bash', 'netcat', 'netcat-openbsd', 'procps', 'locales',
  'openssl', 'gosu', 'su-exec', 'libstdc++', 'libgcc', 'libc6-compat', 'gcompat', 'shadow',
  ...[...Object.values(DEV_TO_RUNTIME), ...Object.values(RELEASE_NAMES).flatMap((r) => Object.values(r))].flatMap((v) => (v ? v.split(' ') : [])),
]);

/** The packages the runtime stage needs, from the builder's installs (`isBuildOnly`: every build-only package known). */
/**
 * `release`: the Debian/Ubuntu release the stage runs on (`bookworm`, `jammy`), null when the image names a
 * release whose library names are not known, undefined when it names none (bookworm's names are used).
 */
export function runtimePackages(installs: readonly PackageInstall[], isBuildOnly: (pkg: string) => boolean, release?: string | null): SystemPackages {
  const out: string[] = [];
  const unknownDev: string[] = [];
  const devKept: string[] = [];
  const kept: string[] = [];
  let buildOnly = false;
  let manager: SystemPackages['manager'] = null;
  for (const inst of installs) {
    manager ??= inst.manager;
    // `apk add --virtual .build-deps ...` names a group the user deletes again: build-only by declaration.
    buildOnly ||= inst.packages.some((p) => isBuildOnly(p) || isDevPackage(p));
    if (inst.virtual) continue;
    for (const p of inst.packages) {
      if (isBuildOnly(p)) continue;
      if (p.includes('$')) {
        unknownDev.push(p);
        continue;
      }
      if (isDevPackage(p)) {
        const lib = runtimeLibrary(p, inst.manager, release);
        if (lib) out.push(...lib.split(' '));
        else if (lib === undefined) {
          // Its library is not known here: the -dev package itself depends on it, so keeping it whole is safe
          // (headers come along), and its name is the one that stays the same from release to release.
          out.push(p);
          devKept.push(p);
        }
        continue;
      }
      if (!RUNTIME_KNOWN.has(p) && !isServerPackage(p)) kept.push(p);
      out.push(p);
    }
  }
  return { manager, packages: [...new Set(out)], unknownDev, devKept: [...new Set(devKept)], kept: [...new Set(kept)], buildOnly };
}

/** Tools a HEALTHCHECK or the start command calls that slim images lack. */
export function toolsNeeded(entry: EntryFacts): string[] {
  // Shell form (`curl -f …`) and exec form (`["curl", "-f", …]`) alike.
  return ['curl', 'wget'].filter((t) => [entry.text, entry.healthcheck].some((text) => new RegExp(`(^|[\\s;&|"'/\\[])${t}([\\s"']|$)`).test(text)));
}

/** The RUN line that installs `packages` with the family's tool, cleanup included (`image`: the runtime image). */
export function installLine(manager: 'apt' | 'apk' | 'yum', packages: readonly string[], image = ''): string {
  const list = packages.join(' ');
  switch (manager) {
    case 'apt':
      return `RUN apt-get update && apt-get install -y --no-install-recommends ${list} && rm -rf /var/lib/apt/lists/*`;
    case 'apk':
      return `RUN apk add --no-cache ${list}`;
    case 'yum':
      // Minimal RHEL images ship microdnf only.
      if (/-minimal\b/.test(image)) return `RUN microdnf install -y ${list} && microdnf clean all`;
      return `RUN yum install -y ${list} && yum clean all`;
  }
}

const APT = new Set(['apt-get', 'apt']);

/** apt's download cache: Debian images delete downloaded packages unless told otherwise, but the lists stay. */
export const APT_CACHE: CacheTool = {
  name: 'apt',
  uses: (c) => APT.has(c.base) && ['update', 'install', 'upgrade', 'dist-upgrade', 'build-dep'].includes(positional(c.args)[0] ?? ''),
  // Several builds may run apt at once; apt takes locks in these folders, so the builds take turns.
  targets: [
    { path: '/var/cache/apt', options: 'sharing=locked' },
    { path: '/var/lib/apt', options: 'sharing=locked' },
  ],
  defeats: (c) => {
    const sub = positional(c.args)[0] ?? '';
    return APT.has(c.base) && ['clean', 'autoclean'].includes(sub) ? `\`${c.base} ${sub}\` empties it` : null;
  },
  env: /^$/,
  // `rm -rf /var/lib/apt/lists/*` after an `apt-get update` of the same RUN deletes only the lists that RUN
  // fetched: the downloads stay. After an update in another RUN it would leave later installs without lists.
  prunable: (path, run) => /^\/var\/lib\/apt\/lists(\/|$)/.test(path) && run.some((c) => APT.has(c.base) && positional(c.args)[0] === 'update'),
  // Debian and Ubuntu images carry /etc/apt/apt.conf.d/docker-clean, which deletes every downloaded package
  // after dpkg runs: without removing it the mounted /var/cache/apt stays empty.
  setup: {
    line: `RUN rm -f /etc/apt/apt.conf.d/docker-clean && echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache`,
    done: (c) => c.base === 'rm' && c.args.some((a) => a.endsWith('apt.conf.d/docker-clean')),
  },
};

/** Why a split stops at package names this tool cannot read (a list held in a variable set at build time). */
export const unreadPackages = (names: readonly string[]): string => `cannot tell which packages \`${names.join(' ')}\` names: the list is only known while the image builds`;
