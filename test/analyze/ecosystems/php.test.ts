// PHP with Composer: composer.json + composer.lock before `composer install`; the runtime is the same php image,
// receiving the app with vendor/ and the compiled extensions, without composer and the build tools.
import { describe, expect, it } from 'vitest';
import { php } from '../../../src/analyze/ecosystems/php.ts';
import type { Options } from '../../../src/options.ts';
import { classifyLine, dockerfile, factsOf, manifestsOf, summary, handoverOf } from './helpers.ts';

const composerJson = (extra: Record<string, unknown> = {}): string => JSON.stringify({ require: { 'monolog/monolog': '^3' }, autoload: { 'psr-4': { 'App\\': 'src/' } }, ...extra });
const CONTEXT = { 'composer.json': composerJson(), 'composer.lock': '{}', 'public/index.php': '' };

describe('classify', () => {
  it.each([
    ['composer install --no-dev --no-interaction', { role: 'dep-install', note: 'composer', readsSources: false }],
    ['composer.phar i', { role: 'dep-install', note: 'composer', readsSources: false }],
    ['composer update', { role: 'dep-install', note: 'composer', readsSources: true }],
    ['composer require guzzlehttp/guzzle', { role: 'dep-install', note: 'composer', readsSources: true }],
    ['composer global require laravel/installer', { role: 'build', note: 'composer global' }],
    ['composer dump-autoload --optimize', { role: 'build' }],
    ['composer config --global process-timeout 600', { role: 'neutral' }],
    ['docker-php-ext-install pdo_mysql zip', { role: 'build', note: 'php-ext' }],
    ['pecl install redis', { role: 'build', note: 'php-ext' }],
    ['install-php-extensions gd intl', { role: 'build', note: 'php-ext' }],
    ['a2enmod rewrite', { role: 'system-config' }],
    ['curl -sS https://getcomposer.org/installer -o /tmp/composer-setup.php', { role: 'build', note: 'composer-setup' }],
    ['php /tmp/composer-setup.php --install-dir=/usr/local/bin --filename=composer', { role: 'build', note: 'composer-setup' }],
    ['php artisan config:cache', { role: 'build' }],
  ])('%s', (shell, expected) => {
    expect(summary(classifyLine(php, shell, '/var/www/html'))).toEqual(expected);
  });

  it.each(['curl -fsSL https://deb.nodesource.com/setup_20.x', 'npm run build', 'bundle install', 'apache2-foreground'])('leaves `%s` to others', (shell) => {
    expect(classifyLine(php, shell)).toBeNull();
  });
});

describe('detect', () => {
  it.each([
    ['composer install', dockerfile('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y php-cli composer', 'RUN composer install'), 'php', 'composer'],
    ['the official image alone', dockerfile('FROM php:8.2-apache', 'COPY . /var/www/html/'), 'php', 'composer'],
    // PHP is asked before the static front end and Node: Laravel's Vite build served by Apache stays PHP.
    ['php before npm', dockerfile('FROM php:8.2-apache', 'RUN npm ci && npm run build', 'CMD ["apache2-foreground"]'), 'php', 'composer'],
    // Ruby is asked before PHP, and the ruby image answers for itself.
    ['ruby before php', dockerfile('FROM ruby:3.3', 'RUN composer install'), 'ruby', 'bundler'],
    ['nothing of PHP', dockerfile('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y php-cli'), undefined, null],
  ])('%s', (_name, text, id, pm) => {
    const facts = factsOf(text);
    expect(facts.ecosystem?.id).toBe(id);
    expect(facts.packageManager).toBe(pm);
  });
});

describe('manifests', () => {
  const stage = (install = 'composer install --no-dev'): string => dockerfile('FROM php:8.2-apache', 'WORKDIR /var/www/html', 'COPY . .', `RUN ${install}`);

  it.each([
    ['no context', stage(), undefined, { skip: 'no build context: cannot tell whether composer scripts need the sources' }],
    ['composer.json and lock', stage(), CONTEXT, ['composer.json', 'composer.lock']],
    ['auth.json too', stage(), { ...CONTEXT, 'auth.json': '{}' }, ['composer.json', 'composer.lock', 'auth.json']],
    ['no composer.json', stage(), { 'index.php': '' }, { skip: 'no composer.json in the build context' }],
    ['install scripts', stage(), { ...CONTEXT, 'composer.json': composerJson({ scripts: { 'post-autoload-dump': ['@php artisan package:discover'] } }) },
      { skip: 'composer.json runs `post-autoload-dump` scripts, which need the sources' }],
    ['install scripts switched off', stage('composer install --no-scripts'), { ...CONTEXT, 'composer.json': composerJson({ scripts: { 'post-install-cmd': ['@php bin/setup'] } }) }, ['composer.json', 'composer.lock']],
    ['an optimized autoloader', stage('composer install --no-dev -o'), CONTEXT, { skip: expect.stringContaining('autoloader is generated from the sources') }],
    ['a classmap autoloader', stage(), { ...CONTEXT, 'composer.json': composerJson({ autoload: { classmap: ['database/'] } }) }, { skip: expect.stringContaining('classmap') }],
    ['the autoloader left for later', stage('composer install -o --no-autoloader'), CONTEXT, ['composer.json', 'composer.lock']],
    ['composer update', stage('composer update'), CONTEXT, { skip: '`composer update`/`require` changes the manifests' }],
  ])('%s', (_name, text, files, expected) => {
    expect(manifestsOf(php, text, files)).toEqual(expected);
  });

  // A `path` repository installs packages from folders of the context: they are copied with the manifests.
  it('a path repository: its folders are copied too', () => {
    const files = { ...CONTEXT, 'composer.json': composerJson({ repositories: [{ type: 'path', url: './packages/*' }] }), 'packages/core/composer.json': '{}' };
    expect(manifestsOf(php, stage(), files)).toEqual(expect.arrayContaining(['composer.json', 'packages/core/']));
  });
});

describe('plan', () => {
  const app = (from = 'php:8.2-apache', extra: string[] = [], cmd = 'CMD ["apache2-foreground"]'): string =>
    dockerfile(`FROM ${from}`, 'COPY --from=composer:2 /usr/bin/composer /usr/bin/composer', ...extra, 'WORKDIR /var/www/html', 'COPY . .', 'RUN composer install --no-dev', cmd);
  const EXT = ['/usr/local/lib/php/extensions', '/usr/local/etc/php/conf.d'];

  it.each<[string, string, Options, { image: string; handover: string[]; packages: string[]; note: string }]>([
    ['the same image with the app', app(), {}, { image: 'php:8.2-apache', handover: ['/var/www/html'], packages: [], note: '' }],
    ['compiled extensions come along', app('php:8.2-fpm-bookworm', ['RUN apt-get update && apt-get install -y git unzip libzip-dev && docker-php-ext-install zip']), {},
      { image: 'php:8.2-fpm-bookworm', handover: [...EXT, '/var/www/html'], packages: ['libzip4'], note: '' }],
    // Pattern 7: a tag without a release is the same image as the runtime; the library names follow the
    // release the php family builds that tag on (known data), and a tag of no known release keeps the -dev package.
    ...([
      ['php:8.2-apache', ['libzip5', 'libpng16-16t64']],
      ['php:8.4-fpm', ['libzip5', 'libpng16-16t64']],
      ['php:8.0-fpm', ['libzip4', 'libpng16-16']],
      ['php:7.4-apache', ['libzip4', 'libpng16-16']],
      ['php:7.2-fpm', ['libzip4', 'libpng16-16']],
      ['php:apache', ['libzip5', 'libpng16-16t64']],
      ['php:7.0-fpm', ['libzip-dev', 'libpng-dev']],
      ['php:7.3-fpm', ['libzip-dev', 'libpng-dev']],
      ['php:7.4-rc-fpm', ['libzip-dev', 'libpng-dev']],
    ] as const).map(([image, packages]): [string, string, Options, { image: string; handover: string[]; packages: string[]; note: string }] => [
      `no release in the tag: ${image}`, app(image, ['RUN apt-get update && apt-get install -y libzip-dev libpng-dev && docker-php-ext-install zip gd']), {},
      { image, handover: [...EXT, '/var/www/html'], packages: [...packages], note: '' },
    ]),
    ['another image: the same image without composer (pattern 2)', app('example.com/php:8.2'), {}, { image: 'example.com/php:8.2', handover: ['/var/www/html'], packages: [], note: '' }],
    ['Alpine library names', app('php:8.3-fpm-alpine', ['RUN apk add --no-cache libzip-dev && docker-php-ext-install zip']), {},
      { image: 'php:8.3-fpm-alpine', handover: [...EXT, '/var/www/html'], packages: ['libzip'], note: '' }],
    ['--runtime-base slim', app(), { runtimeBase: 'slim' }, { image: 'php:8.2-apache', handover: ['/var/www/html'], packages: [], note: '' }],
    ...(['alpine', 'distroless', 'scratch'] as const).map((p): [string, string, Options, { image: string; handover: string[]; packages: string[]; note: string }] => [
      `--runtime-base ${p}`, app(), { runtimeBase: p },
      { image: 'php:8.2-apache', handover: ['/var/www/html'], packages: [], note: `--runtime-base ${p} not used: the runtime is the builder's own image, which carries the server and the compiled extensions` },
    ]),
  ])('%s', (_name, text, options, expected) => {
    const plan = php.plan(factsOf(text, CONTEXT), options);
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ image: plan.runtime.image, handover: handoverOf(plan, '/var/www/html'), packages: plan.runtimePackages, note: plan.policyNote }).toEqual(expected);
  });

  it('runs as www-data, keeps composer in the builder and the owner of the app folder', () => {
    const facts = factsOf(app('php:8.2-apache', [], 'RUN chown -R www-data:www-data /var/www/html\nCMD ["apache2-foreground"]'), CONTEXT);
    const plan = php.plan(facts, {});
    if ('skip' in plan) expect.fail(plan.skip);
    expect(plan.runtime.user).toBe('www-data');
    expect(plan.handoverChown).toBe('www-data:www-data');
    expect(plan.builderOnly?.map((i) => i.line)).toEqual([2]); // COPY --from=composer:2
  });

  it.each([
    ['an image reference this tool cannot read', app('${REGISTRY}/php:8.2'), { skip: expect.stringContaining('only the official php images') }],
    ['extensions built on another image', app('example.com/php:8.2', ['RUN docker-php-ext-install pdo_mysql']), { skip: expect.stringContaining("only the official php images' extension folders") }],
    ['composer run in another folder', app('php:8.2-apache', [], 'RUN cd /opt/tools && composer install\nCMD ["apache2-foreground"]'), { skip: expect.stringContaining('composer runs outside the app folder') }],
    ['nothing to build', dockerfile('FROM php:8.2-apache', 'COPY . /var/www/html/'), { skip: expect.stringContaining('the image already is the runtime'), nothing: true }],
    ['the CMD runs composer', app('php:8.2-cli', [], 'CMD ["composer", "serve"]'), { skip: 'the CMD runs composer, which the runtime would lack' }],
    ['a package list this tool cannot read', app('php:8.2-apache-bookworm', ['RUN apt-get update && apt-get install -y $PKGS']), { skip: expect.stringContaining('cannot tell which packages `$PKGS`') }],
    ['two owners of the app folder', app('php:8.2-apache', [], 'RUN chown -R www-data /var/www/html/storage && chown -R app /var/www/html/cache\nCMD ["apache2-foreground"]'),
      { skip: 'the app folder is given to more than one owner' }],
  ])('skips: %s', (_name, text, expected) => {
    expect(php.plan(factsOf(text, CONTEXT), {})).toEqual(expected);
  });
});

describe('test commands (--test-stage moves them)', () => {
  it.each(['vendor/bin/phpunit', './vendor/bin/phpunit --testdox', 'phpunit', 'php vendor/bin/phpunit', 'php artisan test', 'composer test', 'composer run-script test', 'vendor/bin/phpstan analyse'])('`%s` is a test', (shell) => {
    expect(summary(classifyLine(php, shell))?.role).toBe('test');
  });
  it.each(['composer dump-autoload -o', 'php artisan optimize', 'composer run-script post-install-cmd'])('`%s` is not', (shell) => {
    expect(summary(classifyLine(php, shell))?.role).not.toBe('test');
  });
});
