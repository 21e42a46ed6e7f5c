/**
 * `npm start`'s prestart and `npm test`'s pretest: builds the dashboard (web/ -> web/dist) unless
 * the build is newer than every source file, so a fresh checkout shows the dashboard (and the
 * browser tests have it) and a restart is quick.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const web = join(root, 'web');
const built = join(web, 'dist', 'index.html');

function newestIn(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const f of readdirSync(path, { recursive: true, encoding: 'utf8' })) {
    const s = statSync(join(path, f));
    if (s.isFile() && s.mtimeMs > newest) newest = s.mtimeMs;
  }
  return newest;
}

const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((p) => join(web, p));
const sourceTime = Math.max(...sources.map(newestIn), statSync(join(root, 'package-lock.json')).mtimeMs);

if (existsSync(built) && statSync(built).mtimeMs >= sourceTime) {
  console.log('web/dist is up to date');
} else {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'],
    {
      stdio: 'inherit',
      cwd: root,
    },
  );
  if (r.status !== 0) {
    console.error('building the dashboard failed (npm run build:web)');
    process.exit(r.status ?? 1);
  }
  console.log('built the dashboard into web/dist');
}
