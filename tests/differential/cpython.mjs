// CPython 3.14 (the Pyodide the page ships) for the native tests (the
// differential test, every listing's claims): reads one JSON request per
// line on stdin ({"source", "entry", "setup", "latency_ms"}), runs it with
// the project's tracer in virtual time and writes the tracer's JSON, one
// line per request, on stdout. One process serves a whole test, so Python
// starts once.
import { createInterface } from "node:readline";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
pyodide.FS.mkdirTree("/home/pyodide/playground");
for (const name of readdirSync(join(root, "py", "playground")).filter((n) => n.endsWith(".py"))) {
  pyodide.FS.writeFile(`/home/pyodide/playground/${name}`, readFileSync(join(root, "py", "playground", name), "utf8"));
}
pyodide.runPython("import sys\nsys.path.insert(0, '/home/pyodide')\nimport playground.tracer");
const runProgram = pyodide.runPython(
  "import json, playground.tracer as t\n" +
    "lambda s, e, u, l: json.dumps(t.run_program(s, 'virtual', e, u, l), ensure_ascii=False)",
);
process.stdout.write(JSON.stringify({ version: pyodide.runPython("import sys; sys.version.split()[0]") }) + "\n");

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { source, entry, setup, latency_ms: latency } = JSON.parse(line);
  let json;
  try {
    json = runProgram(source, entry ?? undefined, setup ?? undefined, latency ?? 500);
  } catch (error) {
    json = JSON.stringify({ events: [], error: `TracerError: ${error.message}` });
  }
  process.stdout.write(json + "\n");
}
