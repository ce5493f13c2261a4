// Stages what the page loads on demand into target/runtime/ (copied into
// dist/runtime/ by Trunk): Pyodide's files from node_modules, the Python
// worker, and the project's tracer. Writes manifest.json with the sizes the
// loading bar counts against. Run by the Makefile before every build.
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "target", "runtime");
const pyodide = join(root, "node_modules", "pyodide");
// The files loadPyodide fetches for the standard library; nothing else of
// the npm package is needed (no extra packages are ever loaded).
const PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "pyodide"), { recursive: true });
mkdirSync(join(out, "playground"), { recursive: true });
const sizes = {};
for (const file of PYODIDE_FILES) {
  copyFileSync(join(pyodide, file), join(out, "pyodide", file));
  sizes[`pyodide/${file}`] = statSync(join(pyodide, file)).size;
}
for (const file of readdirSync(join(root, "py", "playground")).filter((f) => f.endsWith(".py"))) {
  copyFileSync(join(root, "py", "playground", file), join(out, "playground", file));
  sizes[`playground/${file}`] = statSync(join(root, "py", "playground", file)).size;
}
copyFileSync(join(root, "js", "python-worker.mjs"), join(out, "python-worker.mjs"));
const { build } = await import("esbuild");
/** One minified ES module of `entry` (under js/) and what it imports. */
const bundle = (entry, outfile, options = {}) =>
  build({
    entryPoints: [join(root, "js", ...entry.split("/"))],
    bundle: true,
    format: "esm",
    minify: true,
    legalComments: "none",
    outfile: join(out, outfile),
    logLevel: "warning",
    ...options,
  });
// The editor: CodeMirror and its Python and JavaScript languages.
await bundle("editor.mjs", "editor.js");
// Real mode's browser I/O (the network, IndexedDB, Web Workers), imported
// by js/bridge.js on a real run's first need.
await bundle("real_io.js", "real-io.js");
// The JavaScript runtime: acorn, fake-timers and the project's runtime in
// one Worker module (fake-timers requires Node's util only when `process`
// exists).
await bundle("runtime/worker.mjs", "js-worker.js", { external: ["util"] });
const version = JSON.parse(
  await import("node:fs").then((fs) => fs.readFileSync(join(pyodide, "package.json"), "utf8")),
).version;
// The bundles' hashes: the service worker's runtime cache is versioned by
// this file, so a changed bundle is a new cache.
const { createHash } = await import("node:crypto");
const { readFileSync } = await import("node:fs");
const bundles = Object.fromEntries(
  ["editor.js", "js-worker.js", "python-worker.mjs", "real-io.js"].map((f) => [f, createHash("sha256").update(readFileSync(join(out, f))).digest("hex").slice(0, 16)]),
);
writeFileSync(join(out, "manifest.json"), JSON.stringify({ pyodide: version, sizes, bundles }, null, 1));
console.log(`staged target/runtime (Pyodide ${version})`);
