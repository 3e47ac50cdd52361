// Python with pip (requirements files), poetry, pipenv and uv: the packages in a virtualenv at one absolute path
// (or wherever the tool put them), handed with the app to python:<same>-slim.
import { describe, expect, it } from 'vitest';
import { python } from '../../../src/analyze/ecosystems/python.ts';
import type { Options } from '../../../src/options.ts';
import { classifyLine, dockerfile, factsOf, manifestsOf, summary, handoverOf } from './helpers.ts';

const CONTEXT = { 'requirements.txt': 'flask==3.0.0\ngunicorn\n', 'app.py': '' };
const VENV_PATH = 'ENV PATH="/opt/venv/bin:$PATH"';

describe('classify', () => {
  it.each([
    ['pip install --no-cache-dir -r requirements.txt', { role: 'dep-install', manifests: ['requirements.txt'], readsSources: false }],
    ['pip3 install -r /app/requirements/prod.txt -c constraints.txt', { role: 'dep-install', manifests: ['requirements/prod.txt', 'constraints.txt'], readsSources: false }],
    ['python3 -m pip install --requirement=requirements.txt', { role: 'dep-install', manifests: ['requirements.txt'], readsSources: false }],
    ['pip install flask gunicorn', { role: 'dep-install', manifests: [], readsSources: false }],
    ['pip install .', { role: 'dep-install', manifests: [], readsSources: true }],
    ['pip install -e .[dev]', { role: 'dep-install', manifests: [], readsSources: true }],
    ['/opt/venv/bin/pip install -r requirements.txt', { role: 'dep-install', manifests: ['requirements.txt'], readsSources: false }],
    ['/usr/local/bin/pip install flask', { role: 'unknown', note: 'pip called by absolute path' }],
    ['pip install --user flask', { role: 'unknown', note: 'pip installs outside a virtualenv' }],
    ['pip uninstall -y setuptools', { role: 'dep-install' }],
    ['pip --version', { role: 'neutral' }],
    ['python -m venv /opt/venv', { role: 'dep-install', output: '/opt/venv' }],
    ['virtualenv .venv', { role: 'dep-install', output: '.venv' }],
    ['python -m compileall -q .', { role: 'build' }],
    ['python setup.py install', { role: 'dep-install', readsSources: true }],
    ['python manage.py collectstatic --noinput', { role: 'build' }],
    ['poetry install --no-root --only main', { role: 'dep-install', manifests: ['pyproject.toml', 'poetry.lock'], readsSources: false, note: 'poetry' }],
    ['poetry install', { role: 'dep-install', manifests: ['pyproject.toml', 'poetry.lock'], readsSources: true, note: 'poetry' }],
    ['poetry config virtualenvs.create false', { role: 'neutral', note: 'poetry' }],
    ['pipenv install --system --deploy', { role: 'dep-install', manifests: ['Pipfile', 'Pipfile.lock'], note: 'system' }],
    ['uv sync --frozen --no-install-project', { role: 'dep-install', manifests: ['pyproject.toml', 'uv.lock'], readsSources: false, note: 'project-venv' }],
    ['uv pip install --system -r requirements.txt', { role: 'dep-install', manifests: ['requirements.txt'], readsSources: false, note: 'system' }],
    ['uv venv /opt/venv', { role: 'dep-install', output: '/opt/venv' }],
  ])('%s', (shell, expected) => {
    expect(summary(classifyLine(python, shell))).toEqual(expected);
  });

  it.each(['python app.py', 'npm ci', 'bundle exec rake', 'conda install numpy', 'apt-get install -y python3-pip'])('leaves `%s` to others', (shell) => {
    expect(classifyLine(python, shell)).toBeNull();
  });

  it.each(['poetry --version', 'uv --version'])('`%s` is neutral', (shell) => {
    expect(classifyLine(python, shell)?.role).toBe('neutral');
  });
});

describe('detect', () => {
  it.each([
    ['pip on the official image', dockerfile('FROM python:3.12', 'RUN pip install -r requirements.txt'), 'python', 'pip'],
    ['the official image alone', dockerfile('FROM python:3.12-slim', 'CMD ["python", "app.py"]'), 'python', 'pip'],
    ['pip elsewhere', dockerfile('FROM ubuntu:22.04', 'RUN apt-get update && apt-get install -y python3-pip', 'RUN pip3 install flask'), 'python', 'pip'],
    ['the project tool wins over pip', dockerfile('FROM python:3.12', 'RUN pip install poetry', 'RUN poetry install --no-root'), 'python', 'poetry'],
    ['uv', dockerfile('FROM python:3.12', 'RUN uv sync --frozen'), 'python', 'uv'],
    // Python is asked before Node: a Django app that builds its assets with npm stays Python.
    ['python before npm', dockerfile('FROM python:3.12', 'RUN npm ci && npm run build', 'RUN pip install -r requirements.txt'), 'python', 'pip'],
    // Ruby is asked before Python, and the ruby image answers for itself.
    ['ruby before python', dockerfile('FROM ruby:3.3', 'RUN pip install -r requirements.txt'), 'ruby', 'bundler'],
  ])('%s', (_name, text, id, pm) => {
    const facts = factsOf(text);
    expect(facts.ecosystem?.id).toBe(id);
    expect(facts.packageManager).toBe(pm);
  });
});

describe('manifests', () => {
  const stage = (install: string): string => dockerfile('FROM python:3.12', 'WORKDIR /app', 'COPY . .', `RUN ${install}`);

  it.each([
    ['no context', 'pip install -r requirements.txt', undefined, ['requirements.txt']],
    ['with a context', 'pip install -r requirements.txt', CONTEXT, ['requirements.txt']],
    ['named packages only', 'pip install flask', CONTEXT, []],
    ['a requirements file that is not there', 'pip install -r requirements/prod.txt', CONTEXT, { skip: 'requirements/prod.txt is not in the build context' }],
    ['a requirements file that includes another', 'pip install -r requirements.txt', { 'requirements.txt': '-r base.txt\nflask\n', 'base.txt': '' }, ['requirements.txt', 'base.txt']],
    ['a requirements file that installs the project', 'pip install -r requirements.txt', { 'requirements.txt': 'flask\n-e .\n' }, { skip: 'requirements.txt installs the project itself (`-e .`), which needs the sources' }],
    ['pip install .', 'pip install .', CONTEXT, { skip: expect.stringContaining('reads the sources') }],
    ['poetry without the project, no context', 'poetry install --no-root', undefined, ['pyproject.toml', 'poetry.lock']],
    ['poetry without a lock, with poetry.toml', 'poetry install --no-root', { 'pyproject.toml': '', 'poetry.toml': '' }, ['pyproject.toml', 'poetry.toml']],
    ['poetry without pyproject.toml', 'poetry install --no-root', { 'app.py': '' }, { skip: 'pyproject.toml is not in the build context' }],
    ['poetry with the project', 'poetry install', { 'pyproject.toml': '', 'poetry.lock': '' }, { skip: expect.stringContaining('reads the sources') }],
    ['uv sync without the project', 'uv sync --frozen --no-install-project', { 'pyproject.toml': '', 'uv.lock': '' }, ['pyproject.toml', 'uv.lock']],
    ['pipenv', 'pipenv install --system --deploy', { Pipfile: '', 'Pipfile.lock': '' }, ['Pipfile', 'Pipfile.lock']],
  ])('%s', (_name, install, files, expected) => {
    expect(manifestsOf(python, stage(install), files)).toEqual(expected);
  });

  // A local path in a requirements file (`./libs/shared`) is read at install time: it is copied with the manifests.
  it('a requirements file that names a local folder', () => {
    expect(manifestsOf(python, stage('pip install -r requirements.txt'), { 'requirements.txt': 'flask\n./libs/shared\n', 'libs/shared/setup.py': '' })).toEqual(['requirements.txt', 'libs/shared/']);
  });
});

describe('plan', () => {
  const app = (install = 'pip install -r requirements.txt', from = 'python:3.12', extra: string[] = [], cmd = 'CMD ["gunicorn", "app:app"]'): string =>
    dockerfile(`FROM ${from}`, ...extra, 'WORKDIR /app', 'COPY . .', `RUN ${install}`, cmd);

  it.each<[string, string, Record<string, string> | undefined, Options, { image: string; handover: string[]; env: string[]; packages: string[]; note: string }]>([
    ['a new venv and the app', app(), CONTEXT, {}, { image: 'python:3.12-slim', handover: ['/opt/venv', '/app'], env: [VENV_PATH], packages: [], note: '' }],
    ['a native package brings its library', app(), { ...CONTEXT, 'requirements.txt': 'psycopg2==2.9.9\n' }, {},
      { image: 'python:3.12-slim', handover: ['/opt/venv', '/app'], env: [VENV_PATH], packages: ['libpq5'], note: '' }],
    ['the venv the file makes', app('python -m venv /venv && . /venv/bin/activate && pip install -r requirements.txt'), CONTEXT, {},
      { image: 'python:3.12-slim', handover: ['/venv', '/app'], env: [], packages: [], note: '' }],
    ['a slim image with build tools', app('pip install -r requirements.txt', 'python:3.12-slim-bookworm', ['RUN apt-get update && apt-get install -y gcc libpq-dev']), undefined, {},
      { image: 'python:3.12-slim-bookworm', handover: ['/opt/venv', '/app'], env: [VENV_PATH], packages: ['libpq5'], note: '' }],
    ['uv sync: the app with its .venv', app('uv sync --frozen'), { 'pyproject.toml': '', 'uv.lock': '' }, {}, { image: 'python:3.12-slim', handover: ['/app'], env: [], packages: [], note: '' }],
    ['poetry into the system Python', app('poetry install --no-root', 'python:3.12', ['ENV POETRY_VIRTUALENVS_CREATE=false']), { 'pyproject.toml': '' }, {},
      { image: 'python:3.12-slim', handover: ['/usr/local/lib/python3.12/site-packages', '/usr/local/bin', '/app'], env: [], packages: [], note: '' }],
    ['--runtime-base alpine on Alpine', app('pip install -r requirements.txt', 'python:3.12-alpine', ['RUN apk add --no-cache build-base']), CONTEXT, { runtimeBase: 'alpine' },
      { image: 'python:3.12-alpine', handover: ['/opt/venv', '/app'], env: [VENV_PATH], packages: [], note: '' }],
    ['--runtime-base alpine on Debian', app(), CONTEXT, { runtimeBase: 'alpine' },
      { image: 'python:3.12-slim', handover: ['/opt/venv', '/app'], env: [VENV_PATH], packages: [], note: '--runtime-base alpine not used: it would change the C library (glibc)' }],
    ['--runtime-base distroless', app(), CONTEXT, { runtimeBase: 'distroless' },
      { image: 'python:3.12-slim', handover: ['/opt/venv', '/app'], env: [VENV_PATH], packages: [], note: expect.stringContaining('the distroless Python image starts the interpreter itself') }],
    ['--runtime-base scratch', app(), CONTEXT, { runtimeBase: 'scratch' },
      { image: 'python:3.12-slim', handover: ['/opt/venv', '/app'], env: [VENV_PATH], packages: [], note: '--runtime-base scratch not used: no such image for this runtime' }],
    ['--runtime-base slim', app(), CONTEXT, { runtimeBase: 'slim' }, { image: 'python:3.12-slim', handover: ['/opt/venv', '/app'], env: [VENV_PATH], packages: [], note: '' }],
  ])('%s', (_name, text, files, options, expected) => {
    const plan = python.plan(factsOf(text, files), options);
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ image: plan.runtime.image, handover: handoverOf(plan, '/app'), env: plan.runtimeEnv, packages: plan.runtimePackages, note: plan.policyNote }).toEqual(expected);
  });

  it('creates the venv before the first pip install', () => {
    const plan = python.plan(factsOf(app(), CONTEXT), {});
    expect(plan).toMatchObject({ builderBefore: [{ lines: ['RUN python3 -m venv /opt/venv', VENV_PATH] }] });
  });

  it.each([
    ['already slim, nothing built', app('pip install -r requirements.txt', 'python:3.12-slim'), CONTEXT, { skip: 'already on a small Python image and nothing is built', nothing: true }],
    ['full image without a context', app(), undefined, { skip: expect.stringContaining('without a build context') }],
    ['poetry in its own virtualenv', app('poetry install --no-root'), { 'pyproject.toml': '' }, { skip: 'poetry installs into a virtualenv it manages outside the app folder' }],
    ['the CMD runs poetry', app('poetry install --no-root', 'python:3.12', [], 'CMD ["poetry", "run", "python", "app.py"]'), { 'pyproject.toml': '' }, { skip: 'the CMD runs `poetry`, which the slim image lacks' }],
    ['a package list this tool cannot read', app('pip install -r requirements.txt', 'python:3.12', ['RUN apt-get update && apt-get install -y $PKGS']), CONTEXT, { skip: expect.stringContaining('cannot tell which packages `$PKGS`') }],
    // No smaller image known: the same image would be the runtime, and without build-only packages it gains nothing.
    ['not the official image, nothing built', app('pip install -r requirements.txt', 'example.com/python:3.12'), CONTEXT, { skip: 'nothing is built and no build-only package is installed: the image already is the runtime', nothing: true }],
  ])('skips: %s', (_name, text, files, expected) => {
    expect(python.plan(factsOf(text, files), {})).toEqual(expected);
  });
});

describe('test commands (--test-stage moves them)', () => {
  it.each(['pytest', 'pytest -q tests/', 'py.test', 'python -m pytest -x', 'python3 -m unittest discover', 'tox -e py312', 'flake8 .', 'mypy src', 'ruff check .', 'python manage.py test', 'poetry run pytest', 'uv run pytest -q', 'pipenv run pytest'])('`%s` is a test', (shell) => {
    expect(summary(classifyLine(python, shell))?.role).toBe('test');
  });
  it.each(['poetry run python app.py', 'python -m http.server', 'python app.py'])('`%s` is not', (shell) => {
    expect(summary(classifyLine(python, shell))?.role).not.toBe('test');
  });
});
