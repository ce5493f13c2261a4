// Trunk's post-build hook: writes sw.js into the build, the service worker
// that keeps the page working offline. It lists the app shell (index.html
// and the hashed wasm, JS, CSS and icon Trunk wrote) and names its caches
// after a hash of them, so every build is a new version the browser picks
// up, and the old caches are deleted. Pyodide and the editor (runtime/) are
// cached when first fetched, never up front.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('run by Trunk as a post_build hook (TRUNK_STAGING_DIR unset)');

/** Every file below `dir`, as paths relative to the staging folder. */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [relative(staging, path).split('\\').join('/')];
  });
}

const all = files(staging);
const shell = all.filter((f) => !f.startsWith('runtime/') && f !== 'sw.js').sort();
const hash = (names) => {
  const h = createHash('sha256');
  for (const name of names) h.update(name).update(readFileSync(join(staging, name)));
  return h.digest('hex').slice(0, 16);
};
// The runtime's version follows its manifest (Pyodide's version, the sizes).
const runtimeVersion = all.includes('runtime/manifest.json') ? hash(['runtime/manifest.json']) : 'none';
const template = readFileSync(join(import.meta.dirname, 'sw.js'), 'utf8');
const sw = template
  .replace("'__SHELL_VERSION__'", JSON.stringify(hash(shell)))
  .replace("'__RUNTIME_VERSION__'", JSON.stringify(runtimeVersion))
  .replace("['__SHELL__']", JSON.stringify(['./', ...shell]));
writeFileSync(join(staging, 'sw.js'), sw);
