// Values as console.log prints them, the way Node writes them (the page's
// console is text, and Node's form is the one tutorials show):
// [ 'Task 1 done', 'Task 2 done' ], { id: 1 }, Promise { 'Hello' }.
const BREAK = 72;
// Captured: a Worker's lockdown removes the global Function.
const functionSource = Function.prototype.toString;

const quote = (s) => (s.includes("'") && !s.includes('"') ? JSON.stringify(s) : `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`);
const key = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k));

function list(open, items, close, indent) {
  if (!items.length) return `${open.trim()}${close.trim()}`.replace(/\s+/g, " ");
  const line = `${open} ${items.join(", ")} ${close}`;
  if (line.length <= BREAK && !line.includes("\n")) return line;
  const pad = "  ".repeat(indent + 1);
  return `${open}\n${items.map((i) => pad + i).join(",\n")}\n${"  ".repeat(indent)}${close}`;
}

/**
 * One value as Node's util.inspect shows it (a subset: no colours, no
 * circular markers beyond [Circular]). `promiseState(p)` tells what a
 * promise holds, which JavaScript itself cannot ask synchronously.
 */
export function inspect(value, { depth = 2, promiseState = () => ({ state: "pending" }), short = false } = {}, level = 0, seen = new Set()) {
  const again = (v) => inspect(v, { depth, promiseState, short }, level + 1, seen);
  switch (typeof value) {
    case "string":
      return short && value.length > 30 ? quote(`${value.slice(0, 29)}…`) : quote(value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "undefined";
    case "boolean":
      return String(value);
    case "symbol":
      return value.toString();
    case "function": {
      value = value.__original ?? value; // a lane-tracked async function
      if (/^class\b/.test(functionSource.call(value))) return `[class ${value.name || "(anonymous)"}]`;
      const kind = value.constructor?.name === "AsyncFunction" ? "AsyncFunction" : value.constructor?.name === "AsyncGeneratorFunction" ? "AsyncGeneratorFunction" : "Function";
      return value.name ? `[${kind}: ${value.name}]` : `[${kind} (anonymous)]`;
    }
  }
  if (value === null) return "null";
  if (seen.has(value)) return "[Circular *1]";
  if (value instanceof Error || (typeof DOMException !== "undefined" && value instanceof DOMException)) {
    const text = value.message ? `${value.name}: ${value.message}` : String(value.name);
    return level ? `[${text}]` : text;
  }
  if (value instanceof Promise) {
    const { state, value: held } = promiseState(value);
    if (state === "pending") return "Promise { <pending> }";
    return `Promise { ${state === "rejected" ? "<rejected> " : ""}${again(held)} }`;
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (short) return Array.isArray(value) ? `[…${value.length}]` : "{…}";
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  if (level > depth) return Array.isArray(value) ? "[Array]" : `[${name || "Object"}]`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, 100).map(again);
      if (value.length > 100) items.push(`... ${value.length - 100} more items`);
      return list("[", items, "]", level);
    }
    if (value instanceof Map) {
      return list(`Map(${value.size}) {`, [...value].slice(0, 100).map(([k, v]) => `${again(k)} => ${again(v)}`), "}", level);
    }
    if (value instanceof Set) return list(`Set(${value.size}) {`, [...value].slice(0, 100).map(again), "}", level);
    const entries = Object.keys(value).slice(0, 100).map((k) => `${key(k)}: ${again(value[k])}`);
    const prefix = name && name !== "Object" ? `${name} ` : name === undefined ? "[Object: null prototype] " : "";
    return list(`${prefix}{`, entries, "}", level);
  } finally {
    seen.delete(value);
  }
}

/** console.log's arguments as one text: util.format's %s %d %i %f %j %o %O %%
 * in a first string, then every other value inspected, joined by spaces. */
export function format(values, promiseState) {
  const show = (v) => (typeof v === "string" ? v : inspect(v, { promiseState }));
  if (typeof values[0] !== "string" || !values[0].includes("%")) return values.map(show).join(" ");
  let rest = values.slice(1);
  const head = values[0].replace(/%([sdifjoO%])/g, (match, code) => {
    if (code === "%") return "%";
    if (!rest.length) return match;
    const [v] = rest;
    rest = rest.slice(1);
    switch (code) {
      case "s": return typeof v === "string" ? v : inspect(v, { depth: 1, promiseState });
      case "d": case "i": return String(code === "i" ? Math.trunc(Number(v)) : Number(v));
      case "f": return String(parseFloat(v));
      case "j": try { return JSON.stringify(v); } catch { return "[Circular]"; }
      default: return inspect(v, { depth: 4, promiseState });
    }
  });
  return [head, ...rest.map(show)].join(" ");
}
