// `npm start`: build main + renderer, make sure the Electron binary is present, run the app.
// The binary is fetched here, on first start, not by `npm install`: package.json "allowScripts" denies
// electron's postinstall on purpose, so installs stay offline-friendly and CI never downloads it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

function run(label, args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\nLatchkey: ${label} failed (exit ${result.status ?? result.signal}). Fix the error above and run npm start again.`);
    process.exit(1);
  }
}

/** Mirrors node_modules/electron/index.js without requiring it: that file downloads as a side effect. */
function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function ensureElectron() {
  const present = electronBinary();
  if (present) return present;
  if (!existsSync(path.join(electronDir, 'install.js'))) {
    console.error('Latchkey: the electron package is not installed. Run `npm install`, then `npm start`.');
    process.exit(1);
  }
  console.log('Latchkey: first start, downloading the Electron binary (one time)…');
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: root, stdio: 'inherit' });
  const binary = result.status === 0 ? electronBinary() : null;
  if (!binary) {
    console.error(
      '\nLatchkey: could not download the Electron binary. Are you offline or behind a proxy?\n' +
        '  - Check your network, or set ELECTRON_MIRROR / HTTPS_PROXY, then run `npm start` again.\n' +
        '  - The CLI works without it: `npx latchkey --help`.',
    );
    process.exit(1);
  }
  return binary;
}

run('building the main process', [path.join(root, 'scripts', 'build-main.mjs')]);
run('building the renderer', [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build']);
const binary = ensureElectron();

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // set, it would turn the app into a plain Node process
const child = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
