// The folders a web server's config serves, read from the files the image receives (issue 15, pattern 4).
import { describe, expect, it } from 'vitest';
import { configRoots, isServerPackage, servedInApp } from '../../src/analyze/web-server.ts';

describe('configRoots', () => {
  it.each([
    ['nginx root', 'server {\n    listen 80;\n    root /var/www/html;\n}\n', ['/var/www/html']],
    ['nginx root, quoted, trailing slash', 'server { listen 80;\n  root "/app/dist/";\n}', ['/app/dist']],
    ['nginx alias in a location', 'location /static/ {\n  alias /app/static/;\n}\n', ['/app/static']],
    ['nginx: a commented root is not one', '# root /nope;\nroot /yes;\n', ['/yes']],
    ['Apache DocumentRoot', '<VirtualHost *:80>\n  DocumentRoot /var/www/app/build\n</VirtualHost>\n', ['/var/www/app/build']],
    ['Apache DocumentRoot quoted, and an Alias', 'DocumentRoot "/srv/site"\nAlias /docs /srv/docs\n', ['/srv/site', '/srv/docs']],
    ['Caddy root with a matcher', ':8080 {\n\troot * /srv/app/dist\n\tfile_server\n}\n', ['/srv/app/dist']],
    ['Caddy root without a matcher', ':80 {\n  root /usr/share/caddy\n  file_server\n}\n', ['/usr/share/caddy']],
    ['lighttpd document root', 'server.document-root = "/var/www/html"\nserver.port = 80\n', ['/var/www/html']],
    ['a variable stays as written (the caller refuses it)', 'root $ROOT;\n', ['$ROOT']],
    ['no root', 'server { listen 80; return 200; }\n', []],
  ])('%s', (_name, text, roots) => {
    expect(configRoots(text)).toEqual(roots);
  });
});

describe('isServerPackage', () => {
  it.each([
    ['nginx', true], ['nginx-full', true], ['libnginx-mod-http-headers-more-filter', true], ['apache2', true], ['apache2-utils', true],
    ['libapache2-mod-wsgi-py3', true], ['httpd', true], ['mod_ssl', true], ['caddy', true], ['lighttpd', true], ['lighttpd-mod-deflate', true],
    ['nodejs', false], ['npm', false], ['curl', false], ['nginxplus-tools', false],
  ])('%s: %s', (pkg, yes) => {
    expect(isServerPackage(pkg)).toBe(yes);
  });
});

describe('servedInApp', () => {
  const facts = { appDir: '/app', inApp: (p: string | null) => p === '/app' || (p ?? '').startsWith('/app/') };
  it.each([
    [['/app/dist'], ['/app/dist']],
    [['/var/www/html'], []],
    [['/app/dist', '/app'], ['/app']],
    [['/application'], []],
  ])('%j → %j', (roots, expected) => {
    expect(servedInApp(facts, roots)).toEqual(expected);
  });

  it('an app folder inside the served folder is served whole', () => {
    const inWebRoot = { appDir: '/var/www/html/shop', inApp: (p: string | null) => (p ?? '').startsWith('/var/www/html/shop') };
    expect(servedInApp(inWebRoot, ['/var/www/html'])).toEqual(['/var/www/html/shop']);
  });
});
