// Bench runner (placeholder until there are timing benches): sizes of the
// release files a visitor downloads, raw / gzip / brotli, as a table on
// stdout and as JSON in target/bench/sizes.json. Run by `make bench` after
// a release build into dist/.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const dist = join(root, 'dist');
const outDir = join(root, 'target', 'bench');

const KINDS = { '.wasm': 'wasm', '.js': 'js', '.css': 'css' };

let files;
try {
  files = readdirSync(dist).filter((f) => extname(f) in KINDS).sort();
} catch {
  console.error(`no ${dist}: run \`make build\` first`);
  process.exit(1);
}
if (!files.some((f) => f.endsWith('.wasm'))) {
  console.error(`no .wasm in ${dist}: run \`make build\` first`);
  process.exit(1);
}

const rows = files.map((file) => {
  const bytes = readFileSync(join(dist, file));
  return {
    kind: KINDS[extname(file)],
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }).length,
  };
});

const kib = (n) => (n / 1024).toFixed(1);
const table = [
  ['kind', 'file', 'raw KiB', 'gzip KiB', 'brotli KiB'],
  ...rows.map((r) => [r.kind, r.file, kib(r.raw), kib(r.gzip), kib(r.brotli)]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table) {
  console.log(row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
}

mkdirSync(outDir, { recursive: true });
const report = { generated: new Date().toISOString(), unit: 'bytes', files: rows };
writeFileSync(join(outDir, 'sizes.json'), JSON.stringify(report, null, 2) + '\n');
console.log(`\nwrote ${join('target', 'bench', 'sizes.json')}`);
