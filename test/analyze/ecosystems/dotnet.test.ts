// .NET with the dotnet CLI: `dotnet publish -o <dir>` in the SDK image, the folder on aspnet (web) or runtime.
import { describe, expect, it } from 'vitest';
import { dotnet } from '../../../src/analyze/ecosystems/dotnet.ts';
import type { Options } from '../../../src/options.ts';
import { classifyLine, dockerfile, factsOf, manifestsOf, summary } from './helpers.ts';

const SDK = 'mcr.microsoft.com/dotnet/sdk:8.0';
const WEB = { 'App.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n', 'Program.cs': '' };
const CONSOLE = { 'App.csproj': '<Project Sdk="Microsoft.NET.Sdk"></Project>\n', 'Program.cs': '' };

describe('classify', () => {
  it.each([
    ['dotnet restore', { role: 'dep-install', readsSources: false }],
    ['dotnet restore --locked-mode', { role: 'dep-install', readsSources: false }],
    ['dotnet publish -c Release -o /app/publish', { role: 'build', output: '/app/publish', note: 'publish' }],
    ['dotnet publish -c Release -o out --no-restore', { role: 'build', output: '/src/out', note: 'publish' }],
    ['dotnet publish -c Release', { role: 'build', note: 'publish' }],
    ['dotnet publish -r linux-x64 --self-contained -o /out', { role: 'build', output: '/out', note: 'self-contained' }],
    ['dotnet build -c Release', { role: 'build', note: 'build' }],
    ['dotnet pack -o /pkgs', { role: 'build', note: 'pack' }],
    ['dotnet test --no-build', { role: 'test' }],
    ['dotnet tool install --global dotnet-ef', { role: 'system-config', note: 'SDK tool' }],
    ['dotnet workload install wasm-tools', { role: 'system-config', note: 'SDK tool' }],
    ['dotnet nuget add source https://nuget.example/v3/index.json', { role: 'neutral' }],
    ['dotnet dev-certs https --trust', { role: 'neutral' }],
  ])('%s', (shell, expected) => {
    expect(summary(classifyLine(dotnet, shell, '/src'))).toEqual(expected);
  });

  it.each(['dotnet App.dll', 'nuget restore App.sln', 'msbuild App.csproj', 'mvn -B package', 'curl -sSL https://dot.net/v1/dotnet-install.sh'])('leaves `%s` to others', (shell) => {
    expect(classifyLine(dotnet, shell)).toBeNull();
  });

  it.each(['dotnet --info', 'dotnet --version'])('`%s` is neutral', (shell) => {
    expect(summary(classifyLine(dotnet, shell))).toEqual({ role: 'neutral' });
  });
});

describe('detect', () => {
  it.each([
    ['dotnet publish', dockerfile(`FROM ${SDK}`, 'RUN dotnet publish -c Release -o /app'), 'dotnet', 'dotnet'],
    // .NET is asked before Node: the SPA built with npm does not make it a Node image.
    ['dotnet before npm', dockerfile(`FROM ${SDK}`, 'RUN npm ci && npm run build', 'RUN dotnet publish -c Release -o /app'), 'dotnet', 'dotnet'],
    // Java is asked before .NET.
    ['java before dotnet', dockerfile(`FROM ${SDK}`, 'RUN mvn -B package -f tools/pom.xml', 'RUN dotnet publish -c Release -o /app'), 'java', 'maven'],
    ['the SDK image alone', dockerfile(`FROM ${SDK}`, 'COPY out /app'), undefined, null],
  ])('%s', (_name, text, id, pm) => {
    const facts = factsOf(text);
    expect(facts.ecosystem?.id).toBe(id);
    expect(facts.packageManager).toBe(pm);
  });
});

describe('manifests', () => {
  const stage = (install = 'dotnet restore'): string => dockerfile(`FROM ${SDK}`, 'WORKDIR /src', 'COPY . .', `RUN ${install}`, 'RUN dotnet publish -c Release -o /app');

  it.each([
    ['no context', stage(), undefined, { skip: 'no build context: cannot tell the project files' }],
    ['a project at the top', stage(), WEB, ['App.csproj']],
    ['project, solution and NuGet settings', stage(), { ...WEB, 'App.sln': '', 'NuGet.config': '', 'Directory.Build.props': '', 'global.json': '' },
      ['App.csproj', 'App.sln', 'Directory.Build.props', 'NuGet.config', 'global.json']],
    ['projects in sub-folders', stage(), { 'App.sln': '', 'src/App/App.csproj': '' }, { skip: expect.stringContaining('sub-folders') }],
    ['restore of named projects', stage('dotnet restore src/App/App.csproj tests/Tests.csproj'), WEB, { skip: '`dotnet restore` of a named project' }],
  ])('%s', (_name, text, files, expected) => {
    expect(manifestsOf(dotnet, text, files)).toEqual(expected);
  });

  it('a top-level project that references another project', () => {
    const files = {
      'App.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><ProjectReference Include="Lib/Lib.csproj" /></ItemGroup></Project>\n',
      'Lib/Lib.csproj': '<Project Sdk="Microsoft.NET.Sdk"></Project>\n',
    };
    const m = manifestsOf(dotnet, stage(), files);
    expect('skip' in m || m.includes('Lib/Lib.csproj')).toBe(true);
  });
});

describe('plan', () => {
  const app = (entry = 'ENTRYPOINT ["dotnet", "/app/publish/App.dll"]', from = SDK, publish = 'dotnet publish -c Release -o /app/publish'): string =>
    dockerfile(`FROM ${from}`, 'WORKDIR /src', 'COPY . .', 'RUN dotnet restore', `RUN ${publish}`, entry);

  it.each<[string, string, Record<string, string> | undefined, Options, { image: string; user: string | null; handover: string[]; note: string }]>([
    ['a web project on aspnet', app(), WEB, {}, { image: 'mcr.microsoft.com/dotnet/aspnet:8.0', user: 'app', handover: ['/app/publish'], note: '' }],
    ['a console project on runtime', app(), CONSOLE, {}, { image: 'mcr.microsoft.com/dotnet/runtime:8.0', user: 'app', handover: ['/app/publish'], note: '' }],
    ['no context: aspnet, the safe side', app(), undefined, {}, { image: 'mcr.microsoft.com/dotnet/aspnet:8.0', user: 'app', handover: ['/app/publish'], note: '' }],
    ['.NET 6 images have no app user', app(undefined, 'mcr.microsoft.com/dotnet/sdk:6.0'), WEB, {}, { image: 'mcr.microsoft.com/dotnet/aspnet:6.0', user: null, handover: ['/app/publish'], note: '' }],
    ['a relative output folder', app('ENTRYPOINT ["dotnet", "out/App.dll"]', SDK, 'dotnet publish -c Release -o out'), WEB, {}, { image: 'mcr.microsoft.com/dotnet/aspnet:8.0', user: 'app', handover: ['/src/out'], note: '' }],
    ['--runtime-base alpine on Alpine', app(undefined, 'mcr.microsoft.com/dotnet/sdk:8.0-alpine'), WEB, { runtimeBase: 'alpine' },
      { image: 'mcr.microsoft.com/dotnet/aspnet:8.0-alpine', user: 'app', handover: ['/app/publish'], note: '' }],
    ['--runtime-base alpine on Debian', app(), WEB, { runtimeBase: 'alpine' },
      { image: 'mcr.microsoft.com/dotnet/aspnet:8.0', user: 'app', handover: ['/app/publish'], note: '--runtime-base alpine not used: it would change the C library (glibc)' }],
    ['--runtime-base distroless', app(), WEB, { runtimeBase: 'distroless' },
      { image: 'mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled-extra', user: 'app', handover: ['/app/publish'], note: '' }],
    ['--runtime-base scratch', app(), WEB, { runtimeBase: 'scratch' },
      { image: 'mcr.microsoft.com/dotnet/aspnet:8.0', user: 'app', handover: ['/app/publish'], note: '--runtime-base scratch not used: no such image for this runtime' }],
    ['--runtime-base slim', app(), WEB, { runtimeBase: 'slim' }, { image: 'mcr.microsoft.com/dotnet/aspnet:8.0', user: 'app', handover: ['/app/publish'], note: '' }],
  ])('%s', (_name, text, files, options, expected) => {
    const plan = dotnet.plan(factsOf(text, files), options);
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ image: plan.runtime.image, user: plan.runtime.user, handover: plan.handover, note: plan.policyNote }).toEqual(expected);
  });

  it('carries runtime packages and the HEALTHCHECK tool', () => {
    const text = app('RUN apt-get update && apt-get install -y libgdiplus\nHEALTHCHECK CMD curl -f http://localhost:8080/\nENTRYPOINT ["dotnet", "/app/publish/App.dll"]');
    expect(dotnet.plan(factsOf(text, WEB), {})).toMatchObject({ runtimePackages: ['libgdiplus', 'curl'] });
  });

  it.each([
    ['nothing published', app(undefined, SDK, 'dotnet build -c Release'), 'no `dotnet publish` to split off'],
    ['self-contained', app(undefined, SDK, 'dotnet publish -r linux-x64 --self-contained -o /app/publish'), /self-contained/],
    ['publish without -o', app(undefined, SDK, 'dotnet publish -c Release'), /without `-o`/],
    ['the CMD runs the SDK', app('CMD ["dotnet", "build"]'), /needs the SDK at run time/],
    ['the CMD does not run dotnet', app('ENTRYPOINT ["/app/publish/App"]'), /does not run `dotnet <app>.dll`/],
    ['an image this table does not know', app(undefined, 'example.com/dotnet-sdk:8.0'), 'no .NET runtime image known for `example.com/dotnet-sdk:8.0`'],
  ])('skips: %s', (_name, text, why) => {
    expect(dotnet.plan(factsOf(text, WEB), {})).toEqual({ skip: typeof why === 'string' ? why : expect.stringMatching(why) });
  });
});

describe('test commands (--test-stage moves them)', () => {
  it.each(['dotnet test', 'dotnet test --no-restore -c Release tests/App.Tests.csproj'])('`%s` is a test', (shell) => {
    expect(summary(classifyLine(dotnet, shell))?.role).toBe('test');
  });
});

// `dotnet run` at start: the builder publishes the project with the start's configuration and framework, the
// runtime gets the publish output in the start's folder and starts `dotnet <Assembly>.dll` with the arguments.
describe('dotnet run at start', () => {
  const start = (cmd: string, ...before: string[]): string => dockerfile(`FROM ${SDK}`, 'WORKDIR /app', 'COPY . .', ...before, cmd);
  const PROFILE = (profiles: object): string => JSON.stringify({ profiles });
  const NAMED = { 'Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><AssemblyName>Shop.Api</AssemblyName></PropertyGroup></Project>' };

  it.each<[string, string, Record<string, string>, { build: string; start: string; image: string; handover: string[]; env: readonly string[] }]>([
    ['a web project, exec form: Release when no configuration', start('CMD ["dotnet", "run"]'), WEB,
      { build: 'RUN dotnet publish -c Release -o /publish', start: 'CMD ["dotnet", "/app/App.dll"]', image: 'mcr.microsoft.com/dotnet/aspnet:8.0', handover: ['/publish'], env: [] }],
    ['a console project on runtime', start('CMD ["dotnet", "run"]'), CONSOLE,
      { build: 'RUN dotnet publish -c Release -o /publish', start: 'CMD ["dotnet", "/app/App.dll"]', image: 'mcr.microsoft.com/dotnet/runtime:8.0', handover: ['/publish'], env: [] }],
    ['<AssemblyName>, configuration, framework, a property and arguments after --', start('ENTRYPOINT ["dotnet", "run", "-c", "Staging", "-f", "net8.0", "-p:InvariantGlobalization=true", "--", "--port", "80"]'), NAMED,
      { build: 'RUN dotnet publish -c Staging -f net8.0 -p:InvariantGlobalization=true -o /publish', start: 'ENTRYPOINT ["dotnet", "/app/Shop.Api.dll", "--port", "80"]', image: 'mcr.microsoft.com/dotnet/aspnet:8.0', handover: ['/publish'], env: [] }],
    ['options dotnet run passes on to the app', start('CMD ["dotnet", "run", "--urls", "http://+:8080"]'), WEB,
      { build: 'RUN dotnet publish -c Release -o /publish', start: 'CMD ["dotnet", "/app/App.dll", "--urls", "http://+:8080"]', image: 'mcr.microsoft.com/dotnet/aspnet:8.0', handover: ['/publish'], env: [] }],
    ['shell form: variables in the arguments stay for the shell', start('CMD dotnet run --no-build --urls http://+:$PORT -- --verbose'), WEB,
      { build: 'RUN dotnet publish -c Release -o /publish', start: 'CMD dotnet /app/App.dll --urls http://+:$PORT --verbose', image: 'mcr.microsoft.com/dotnet/aspnet:8.0', handover: ['/publish'], env: [] }],
    ['the project named', start('CMD ["dotnet", "run", "--project", "App.csproj"]'), { ...WEB, 'Tests.csproj': '<Project Sdk="Microsoft.NET.Sdk"></Project>' },
      { build: 'RUN dotnet publish App.csproj -c Release -o /publish', start: 'CMD ["dotnet", "/app/App.dll"]', image: 'mcr.microsoft.com/dotnet/aspnet:8.0', handover: ['/publish'], env: [] }],
    ['the launch profile becomes ENV', start('CMD ["dotnet", "run"]'), { ...WEB, 'Properties/launchSettings.json': PROFILE({ iis: { commandName: 'IISExpress' }, web: { commandName: 'Project', applicationUrl: 'http://0.0.0.0:5000', environmentVariables: { ASPNETCORE_ENVIRONMENT: 'Development' } } }) },
      { build: 'RUN dotnet publish -c Release -o /publish', start: 'CMD ["dotnet", "/app/App.dll"]', image: 'mcr.microsoft.com/dotnet/aspnet:8.0', handover: ['/publish'], env: ['ENV ASPNETCORE_ENVIRONMENT="Development" ASPNETCORE_URLS="http://0.0.0.0:5000"'] }],
    ['a profile named', start('CMD ["dotnet", "run", "--launch-profile", "b"]'), { ...WEB, 'Properties/launchSettings.json': PROFILE({ a: { commandName: 'Project' }, b: { commandName: 'Project', environmentVariables: { MODE: 'say "hi"' } } }) },
      { build: 'RUN dotnet publish -c Release -o /publish', start: 'CMD ["dotnet", "/app/App.dll"]', image: 'mcr.microsoft.com/dotnet/aspnet:8.0', handover: ['/publish'], env: ['ENV MODE="say \\"hi\\""'] }],
    ['--no-launch-profile', start('CMD ["dotnet", "run", "--no-launch-profile"]'), { ...WEB, 'Properties/launchSettings.json': PROFILE({ a: { commandName: 'Project', environmentVariables: { A: '1' } } }) },
      { build: 'RUN dotnet publish -c Release -o /publish', start: 'CMD ["dotnet", "/app/App.dll"]', image: 'mcr.microsoft.com/dotnet/aspnet:8.0', handover: ['/publish'], env: [] }],
    ['files the app reads from its folder come along', start('CMD ["dotnet", "run"]'), { ...CONSOLE, 'appsettings.json': '{}', 'data/seed.csv': '' },
      { build: 'RUN dotnet publish -c Release -o /publish', start: 'CMD ["dotnet", "/app/App.dll"]', image: 'mcr.microsoft.com/dotnet/runtime:8.0', handover: ['/publish', '/app/appsettings.json', '/app/data'], env: [] }],
    ['an earlier publish with the same options is used', start('CMD ["dotnet", "run"]', 'RUN dotnet publish -c Release -o out'), WEB,
      { build: '', start: 'CMD ["dotnet", "/app/App.dll"]', image: 'mcr.microsoft.com/dotnet/aspnet:8.0', handover: ['/app/out'], env: [] }],
    ['an earlier publish with other options is not', start('CMD ["dotnet", "run"]', 'RUN dotnet publish -c Debug -o out'), WEB,
      { build: 'RUN dotnet publish -c Release -o /publish', start: 'CMD ["dotnet", "/app/App.dll"]', image: 'mcr.microsoft.com/dotnet/aspnet:8.0', handover: ['/publish'], env: [] }],
  ])('%s', (_name, text, files, expected) => {
    const plan = dotnet.plan(factsOf(text, { 'Program.cs': '', ...files }), {});
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ build: plan.builderAfter.flatMap((b) => b.lines).join('\n'), start: plan.startCommand?.line, image: plan.runtime.image, handover: plan.handover, env: plan.runtimeEnv }).toEqual(expected);
    // The publish output lands in the folder the start ran in: the app's content root.
    expect(plan.handoverTo?.[plan.handover[0]]).toBe('/app');
  });

  it.each<[string, string, Record<string, string>, string | RegExp]>([
    ['dotnet watch', start('CMD ["dotnet", "watch", "run"]'), WEB, /development loop/],
    ['several projects, none named', start('CMD ["dotnet", "run"]'), { ...WEB, 'Tests.csproj': '' }, /several project files/],
    ['no project file', start('CMD ["dotnet", "run"]'), { 'App.sln': '' }, /no project file/],
    ['a project in another folder', start('CMD ["dotnet", "run", "--project", "src/Api/Api.csproj"]'), WEB, /another folder/],
    ['the assembly name from a property', start('CMD ["dotnet", "run"]'), { 'Api.csproj': '<Project><PropertyGroup><AssemblyName>$(Root).Api</AssemblyName></PropertyGroup></Project>' }, /comes from a property/],
    ['the assembly name under a condition', start('CMD ["dotnet", "run"]'), { 'Api.csproj': '<Project><PropertyGroup Condition="\'$(Configuration)\'==\'Release\'"><AssemblyName>X</AssemblyName></PropertyGroup></Project>' }, /under a condition/],
    ['the assembly name with a condition of its own', start('CMD ["dotnet", "run"]'), { 'Api.csproj': '<Project><PropertyGroup><AssemblyName Condition="true">X</AssemblyName></PropertyGroup></Project>' }, /under a condition/],
    ['several target frameworks, none chosen', start('CMD ["dotnet", "run"]'), { 'Api.csproj': '<Project><PropertyGroup><TargetFrameworks>net8.0;net6.0</TargetFrameworks></PropertyGroup></Project>' }, /several frameworks/],
    ['Directory.Build.props sets the name', start('CMD ["dotnet", "run"]'), { ...WEB, 'Directory.Build.props': '<Project><PropertyGroup><AssemblyName>X</AssemblyName></PropertyGroup></Project>' }, /Directory\.Build\.props/],
    ['the project sets how it runs', start('CMD ["dotnet", "run"]'), { 'App.csproj': '<Project><PropertyGroup><RunArguments>--x</RunArguments></PropertyGroup></Project>' }, /RunArguments/],
    ['a runtime identifier', start('CMD ["dotnet", "run", "-r", "linux-x64"]'), WEB, /self-contained/],
    ['a configuration from a variable', start('CMD dotnet run -c $CONFIG'), WEB, /build options from variables/],
    ['a launch profile with arguments', start('CMD ["dotnet", "run"]'), { ...WEB, 'Properties/launchSettings.json': PROFILE({ a: { commandName: 'Project', commandLineArgs: '--x' } }) }, /commandLineArgs/],
    ['a launch profile file with comments', start('CMD ["dotnet", "run"]'), { ...WEB, 'Properties/launchSettings.json': '{ // dev\n "profiles": {} }' }, /not plain JSON/],
    ['a profile named that is not there', start('CMD ["dotnet", "run", "--launch-profile", "x"]'), WEB, /no Properties\/launchSettings\.json/],
    ['no build context', start('CMD ["dotnet", "run"]'), {}, /no build context|no project file/],
  ])('skips: %s', (_name, text, files, why) => {
    const facts = Object.keys(files).length ? factsOf(text, files) : factsOf(text);
    expect(dotnet.plan(facts, {})).toEqual({ skip: typeof why === 'string' ? why : expect.stringMatching(why) });
  });

  it('the stage is .NET\'s by its start alone', () => {
    expect(factsOf(start('CMD ["dotnet", "run"]'), WEB).ecosystem?.id).toBe('dotnet');
  });
});
