// Ruby with Bundler: Gemfile + Gemfile.lock before `bundle install`, the gem home and the app on ruby:<same>-slim.
import { describe, expect, it } from 'vitest';
import { ruby } from '../../../src/analyze/ecosystems/ruby.ts';
import type { Options } from '../../../src/options.ts';
import { classifyLine, dockerfile, factsOf, manifestsOf, summary, handoverOf } from './helpers.ts';

const lock = (...gems: string[]): string => `GEM\n  remote: https://rubygems.org/\n  specs:\n${gems.map((g) => `    ${g} (1.0.0)\n`).join('')}\nPLATFORMS\n  ruby\n`;
const CONTEXT = { Gemfile: "source 'https://rubygems.org'\ngem 'rails'\n", 'Gemfile.lock': lock('rails', 'puma'), 'config.ru': '' };

describe('classify', () => {
  it.each([
    ['bundle install', { role: 'dep-install', note: 'bundler' }],
    ['bundle', { role: 'dep-install', note: 'bundler' }],
    ['bundle install --jobs 4 --path vendor/bundle', { role: 'dep-install', output: '/app/vendor/bundle', note: 'bundler' }],
    ['bundle config set --local without "development test"', { role: 'neutral' }],
    ['bundle exec rake assets:precompile', { role: 'build' }],
    ['bundle binstubs --all', { role: 'build' }],
    ['gem install bundler -v 2.5.6', { role: 'dep-install', readsSources: false, note: 'gem' }],
    ['gem install ./pkg/tool-1.0.gem', { role: 'dep-install', readsSources: true, note: 'gem' }],
    ['gem update --system', { role: 'system-config', note: 'rubygems update' }],
    ['gem sources --add https://gems.example/', { role: 'neutral' }],
    ['rails assets:precompile', { role: 'build' }],
    ['bin/rake db:migrate', { role: 'build' }],
    ['bootsnap precompile --gemfile app/ lib/', { role: 'build' }],
  ])('%s', (shell, expected) => {
    expect(summary(classifyLine(ruby, shell))).toEqual(expected);
  });

  it.each(['ruby app.rb', 'yarn install', 'composer install', 'gem build app.gemspec'])('leaves `%s` to others', (shell) => {
    expect(classifyLine(ruby, shell)).toBeNull();
  });

  it('`bundle --version` is neutral', () => {
    expect(summary(classifyLine(ruby, 'bundle --version'))).toEqual({ role: 'neutral' });
  });
});

describe('detect', () => {
  it.each([
    ['bundle install', dockerfile('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y ruby-full', 'RUN bundle install'), 'ruby', 'bundler'],
    ['the official image alone', dockerfile('FROM ruby:3.3', 'CMD ["ruby", "app.rb"]'), 'ruby', 'bundler'],
    // Ruby is asked before PHP, Python and Node: a Rails app that builds its assets with yarn stays Ruby.
    ['ruby before yarn', dockerfile('FROM ruby:3.3', 'RUN yarn install && bundle install'), 'ruby', 'bundler'],
    ['ruby before composer', dockerfile('FROM ruby:3.3', 'RUN composer install'), 'ruby', 'bundler'],
    // Go is asked before Ruby.
    ['go before ruby', dockerfile('FROM ruby:3.3', 'RUN go build -o /usr/local/bin/helper ./helper', 'RUN bundle install'), 'go', 'go'],
    ['gem install alone on Debian', dockerfile('FROM debian:bookworm', 'RUN gem install rake'), undefined, null],
  ])('%s', (_name, text, id, pm) => {
    const facts = factsOf(text);
    expect(facts.ecosystem?.id).toBe(id);
    expect(facts.packageManager).toBe(pm);
  });
});

describe('manifests', () => {
  const stage = (install = 'bundle install'): string => dockerfile('FROM ruby:3.3', 'WORKDIR /app', 'COPY . .', `RUN ${install}`);
  const gemfile = (body: string) => ({ ...CONTEXT, Gemfile: `source 'https://rubygems.org'\n${body}` });

  it.each([
    ['no context: a glob', stage(), undefined, ['Gemfile*']],
    ['Gemfile and lock', stage(), CONTEXT, ['Gemfile', 'Gemfile.lock']],
    ['no lock yet', stage(), { Gemfile: "gem 'rack'\n" }, ['Gemfile']],
    ['the Gemfile reads .ruby-version', stage(), { ...gemfile('ruby file: ".ruby-version"\n'), '.ruby-version': '3.3.0\n' }, ['Gemfile', 'Gemfile.lock', '.ruby-version']],
    ['no Gemfile', stage(), { 'app.rb': '' }, { skip: 'no Gemfile in the build context' }],
    ['gemspec without a .gemspec', stage(), gemfile('gemspec\n'), { skip: "the Gemfile's `gemspec` finds no .gemspec in ." }],
    ['gemspec and the version file it requires', stage(), { ...gemfile('gemspec\n'), 'app.gemspec': "require_relative 'lib/app/version'\n", 'lib/app/version.rb': '' },
      ['Gemfile', 'Gemfile.lock', 'app.gemspec', 'lib/app/version.rb']],
    ['a gem from a local path', stage(), { ...gemfile("gem 'core', path: 'engines/core'\n"), 'engines/core/core.gemspec': '' }, ['Gemfile', 'Gemfile.lock', 'engines/core/']],
    ['a path block', stage(), { ...gemfile("path 'engines' do\n  gem 'core'\nend\n"), 'engines/core/core.gemspec': '' }, ['Gemfile', 'Gemfile.lock', 'engines/']],
    ['eval_gemfile', stage(), { ...gemfile("eval_gemfile 'Gemfile.local'\n"), 'Gemfile.local': '' }, ['Gemfile', 'Gemfile.lock', 'Gemfile.local']],
    ['a local path missing from the context', stage(), gemfile("gem 'core', path: 'engines/core'\n"), { skip: 'Gemfile names engines/core, which is not in the build context' }],
    ['gem install reads no Gemfile', stage('gem install bundler'), CONTEXT, { skip: '`gem install` does not read the Gemfile' }],
    ['gem install of a local .gem', stage('gem install vendor/tool.gem'), CONTEXT, { skip: 'the install reads a local .gem file' }],
  ])('%s', (_name, text, files, expected) => {
    expect(manifestsOf(ruby, text, files)).toEqual(expected);
  });
});

describe('plan', () => {
  const app = (from = 'ruby:3.3', extra: string[] = [], cmd = 'CMD ["bundle", "exec", "puma"]'): string =>
    dockerfile(`FROM ${from}`, ...extra, 'WORKDIR /app', 'COPY . .', 'RUN bundle install', cmd);

  it.each<[string, string, Record<string, string> | undefined, Options, { image: string; handover: string[]; packages: string[]; note: string }]>([
    ['the full image: slim, gems and app', app(), CONTEXT, {}, { image: 'ruby:3.3-slim', handover: ['/usr/local/bundle', '/app'], packages: [], note: '' }],
    ['native gems bring their library', app(), { ...CONTEXT, 'Gemfile.lock': lock('rails', 'pg', 'sqlite3') }, {},
      { image: 'ruby:3.3-slim', handover: ['/usr/local/bundle', '/app'], packages: ['libpq5', 'libsqlite3-0'], note: '' }],
    ['a slim image with build tools', app('ruby:3.3-slim', ['RUN apt-get update && apt-get install -y build-essential libpq-dev']), undefined, {},
      { image: 'ruby:3.3-slim', handover: ['/usr/local/bundle', '/app'], packages: ['libpq5'], note: '' }],
    ['gems inside the app folder', app('ruby:3.3', ['ENV BUNDLE_PATH=vendor/bundle']), CONTEXT, {}, { image: 'ruby:3.3-slim', handover: ['/app'], packages: [], note: '' }],
    ['--runtime-base alpine on Alpine', app('ruby:3.3-alpine', ['RUN apk add --no-cache build-base postgresql-dev']), { ...CONTEXT, 'Gemfile.lock': lock('pg') }, { runtimeBase: 'alpine' },
      { image: 'ruby:3.3-alpine', handover: ['/usr/local/bundle', '/app'], packages: ['libpq'], note: '' }],
    ['--runtime-base alpine on Debian', app(), CONTEXT, { runtimeBase: 'alpine' },
      { image: 'ruby:3.3-slim', handover: ['/usr/local/bundle', '/app'], packages: [], note: '--runtime-base alpine not used: it would change the C library (glibc)' }],
    ['--runtime-base distroless', app(), CONTEXT, { runtimeBase: 'distroless' },
      { image: 'ruby:3.3-slim', handover: ['/usr/local/bundle', '/app'], packages: [], note: '--runtime-base distroless not used: no such image for this runtime' }],
    ['--runtime-base scratch', app(), CONTEXT, { runtimeBase: 'scratch' },
      { image: 'ruby:3.3-slim', handover: ['/usr/local/bundle', '/app'], packages: [], note: '--runtime-base scratch not used: no such image for this runtime' }],
    ['--runtime-base slim', app(), CONTEXT, { runtimeBase: 'slim' }, { image: 'ruby:3.3-slim', handover: ['/usr/local/bundle', '/app'], packages: [], note: '' }],
  ])('%s', (_name, text, files, options, expected) => {
    const plan = ruby.plan(factsOf(text, files), options);
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ image: plan.runtime.image, handover: handoverOf(plan, '/app'), packages: plan.runtimePackages, note: plan.policyNote }).toEqual(expected);
  });

  it('a production app leaves the development gems out in both stages', () => {
    const plan = ruby.plan(factsOf(app('ruby:3.3', ['ENV RAILS_ENV=production']), CONTEXT), {});
    expect(plan).toMatchObject({ builderBefore: [{ lines: ['ENV BUNDLE_WITHOUT="development:test"'] }], runtimeEnv: ['ENV BUNDLE_WITHOUT="development:test"'] });
    const chosen = ruby.plan(factsOf(app('ruby:3.3', ['ENV RAILS_ENV=production', 'ENV BUNDLE_WITHOUT=test']), CONTEXT), {});
    expect(chosen).toMatchObject({ builderBefore: [], runtimeEnv: [] });
  });

  it.each([
    ['nothing installed', dockerfile('FROM ruby:3.3', 'WORKDIR /app', 'COPY . .', 'CMD ["ruby", "app.rb"]'), CONTEXT, { skip: 'no `bundle install` to split off' }],
    ['already slim, nothing build-only', app('ruby:3.3-slim'), CONTEXT, { skip: expect.stringContaining('already on a small Ruby image'), nothing: true }],
    ['full image without a context', app(), undefined, { skip: expect.stringContaining('without a build context') }],
    ['no Gemfile.lock', app(), { Gemfile: "gem 'rails'\n" }, { skip: expect.stringContaining('no Gemfile.lock') }],
    ['a gem with an unnamed library', app(), { ...CONTEXT, 'Gemfile.lock': lock('rmagick') }, { skip: 'the gem rmagick links a system library this tool does not name' }],
    ['the CMD runs a Node tool', app('ruby:3.3', [], 'CMD ["foreman", "start"]'), CONTEXT, { skip: 'the CMD runs `foreman`, which the slim Ruby image lacks' }],
    ['not the official image', app('example.com/ruby:3.3'), CONTEXT, { skip: 'no smaller Ruby image known for `example.com/ruby:3.3`' }],
  ])('skips: %s', (_name, text, files, expected) => {
    expect(ruby.plan(factsOf(text, files), {})).toEqual(expected);
  });
});

describe('test commands (--test-stage moves them)', () => {
  it.each(['bundle exec rspec', 'bundle exec rspec spec/models', 'bundle exec rake test', 'bundle exec rails test:system', 'rspec', 'rubocop', 'bundle exec rubocop', 'rake spec'])('`%s` is a test', (shell) => {
    expect(summary(classifyLine(ruby, shell))?.role).toBe('test');
  });
  it.each(['bundle exec rake assets:precompile', 'bundle exec rails db:migrate', 'rake build'])('`%s` is not', (shell) => {
    expect(summary(classifyLine(ruby, shell))?.role).not.toBe('test');
  });
});
