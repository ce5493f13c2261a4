// Runs a JavaScript program on the page's runtime from the command line:
//   node js/runtime/cli.mjs program.js [--real] [--plain] [--latency MS]
//        [--setup 'net.route(...)'] [--replace 'find=>replacement']...
// prints each lane's end and each printed line with its time, then the
// total (main's end). --plain runs it without instrumentation (the oracle
// for the print order).
import { readFileSync } from "node:fs";
import { runProgram } from "./runtime.mjs";

const args = process.argv.slice(2);
let source = readFileSync(args[0], "utf8");
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
args.forEach((arg, i) => {
  if (arg !== "--replace") return;
  const [find, replacement] = args[i + 1].split("=>");
  if (!source.includes(find)) throw new Error(`not in the program: ${find}`);
  source = source.replace(find, replacement);
});
const result = await runProgram(
  { source, mode: args.includes("--real") ? "real" : "virtual", setup: option("--setup"), latency_ms: Number(option("--latency") ?? 500) },
  { instrumented: !args.includes("--plain") },
);
for (const [kind, t, id, a, b, c] of result.events) {
  if (kind === "task") console.log(`${t}\ttask ${id} ${a}${b == null ? "" : ` (from ${b})`}`);
  if (kind === "end") console.log(`${t}\tend ${id} ${a}${c ? ` ${c}` : ""}`);
  if (kind === "print") console.log(`${t}\tprint [${id}] ${a}`);
  if (kind === "block") console.log(`${t}\tblock until ${id}`);
}
const main = result.events.find((e) => e[0] === "end" && e[2] === 0);
console.log(`total ${main ? main[1] : "(main did not end)"} error ${result.error} halted ${result.halted}`);
