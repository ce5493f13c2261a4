// Source instrumentation for the JavaScript runtime: parses a program with
// acorn and splices calls to the runtime (`__rt`) into its text, so every
// async function call becomes a lane that runs while its synchronous part
// executes and waits at each `await`. The aim is that what the program does
// is unchanged: an `await` still awaits the very same value (no extra
// promise, so no extra microtask turn), every inserted call is synchronous;
// tests/js holds it to that against the program run without it. (Known
// exceptions: an async function declaration is wrapped, so its `length` and
// source text are the wrapper's.)
import { parse } from "acorn";
import { ancestor } from "acorn-walk";

/** A program that cannot run: where and why, as acorn reports it. */
export class ProgramSyntaxError extends Error {
  constructor(message, line, column) {
    super(message);
    this.name = "SyntaxError";
    this.line = line;
    this.column = column;
  }
}

const LANE = "__l";

/** The function's name as a lane shows it: its own, its variable's, its key's. */
function functionName(node, parents) {
  if (node.id) return node.id.name;
  const parent = parents[parents.length - 2];
  if (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier") return parent.id.name;
  if ((parent?.type === "MethodDefinition" || parent?.type === "Property") && !parent.computed) {
    if (parent.key.type === "PrivateIdentifier") return `#${parent.key.name}`;
    return parent.key.name ?? String(parent.key.value);
  }
  if (parent?.type === "AssignmentExpression" && parent.left.type === "Identifier") return parent.left.name;
  if (parent?.type === "PropertyDefinition" && !parent.computed) return parent.key.name;
  return "async";
}

/** The parameters the lane's name shows, as expressions of the body. */
function parameterList(params) {
  return params.map((p) => {
    if (p.type === "Identifier") return p.name;
    if (p.type === "AssignmentPattern" && p.left.type === "Identifier") return p.left.name;
    if (p.type === "RestElement" && p.argument.type === "Identifier") return `...${p.argument.name}`;
    return '"…"';
  });
}

/** What an `await` waits on, as the timeline labels it: the callee of a call
 * (`sleep`, `Promise.all`, `db.query`), else the expression's text. */
function label(source, node) {
  let target = node;
  while (target.type === "ChainExpression" || target.type === "ParenthesizedExpression") target = target.expression;
  if (target.type === "CallExpression" || target.type === "NewExpression") target = target.callee;
  const text = source.slice(target.start, target.end).replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * Instruments `source` (a module body: top-level `await` allowed, no
 * import/export). Returns the body of an async function that takes `__rt`
 * and runs the program as the lane `main`.
 */
export function instrument(source) {
  let ast;
  try {
    ast = parse(source, { ecmaVersion: "latest", sourceType: "module", locations: true, allowHashBang: true });
  } catch (error) {
    const message = String(error.message).replace(/ \(\d+:\d+\)$/, "");
    throw new ProgramSyntaxError(message, error.loc?.line ?? 1, (error.loc?.column ?? 0) + 1);
  }
  // [position, opens, sequence, text]: `text` goes before `position`. The
  // walk visits a node after its children, so at one position the closings
  // of inner nodes come first (in visiting order) and the openings of outer
  // nodes first (in reverse visiting order).
  const edits = [];
  const insert = (at, text, order) => edits.push([at, order > 0, edits.length, text]);
  const refuse = (node, message) => {
    throw new ProgramSyntaxError(message, node.loc.start.line, node.loc.start.column + 1);
  };
  // The async function (or the program: main) whose code a node is in.
  const owner = (parents) => {
    for (let i = parents.length - 2; i >= 0; i--) {
      const p = parents[i];
      if (p.type === "FunctionDeclaration" || p.type === "FunctionExpression" || p.type === "ArrowFunctionExpression") {
        return p.async ? p : null;
      }
    }
    return ast;
  };
  const asyncDeclarations = new Map(); // scope body node → names to track

  ancestor(ast, {
    Identifier(node) {
      if (node.name === LANE || node.name === "__rt" || node.name === "__e") {
        refuse(node, `${node.name} is the runtime's own name: call it something else`);
      }
    },
    ImportDeclaration: (node) => refuse(node, "import is not available here: the program runs on its own"),
    ImportExpression: (node) => refuse(node, "import() is not available here: the program runs on its own"),
    ExportNamedDeclaration: (node) => refuse(node, "export has no meaning here: the program runs on its own"),
    ExportDefaultDeclaration: (node) => refuse(node, "export has no meaning here: the program runs on its own"),
    ExportAllDeclaration: (node) => refuse(node, "export has no meaning here: the program runs on its own"),
    Function(node, _state, parents) {
      if (!node.async) return;
      const name = JSON.stringify(functionName(node, parents));
      const args = `[${parameterList(node.params).join(", ")}]`;
      const kind = node.generator ? "generator" : "function";
      const enter = `const ${LANE} = __rt.enter(${name}, ${args}, ${node.loc.start.line}, "${kind}");`;
      const guard = `} catch (__e) { throw __rt.threw(${LANE}, __e); } finally { __rt.exit(${LANE}); }`;
      const tail = `; return __rt.ret(${LANE}, undefined); ${guard}`;
      if (node.body.type === "BlockStatement" && node.body.body.length === 0 && !source.slice(node.body.start + 1, node.body.end - 1).trim()) {
        // `{}`: opening and closing at one position, as one edit
        insert(node.body.start + 1, `${enter} try {${tail}`, 1);
      } else if (node.body.type === "BlockStatement") {
        insert(node.body.start + 1, `${enter} try {`, 1);
        insert(node.body.end - 1, tail, -1);
      } else {
        // An expression body, maybe in parentheses (`async () => ({a: 1})`):
        // from just after the arrow to the arrow function's end.
        const from = node.params.length ? node.params[node.params.length - 1].end : node.start;
        const arrow = source.indexOf("=>", from) + 2;
        insert(arrow, ` { ${enter} try { return __rt.ret(${LANE}, (`, 1);
        insert(node.end, `)); ${guard} }`, -1);
      }
      if (node.type === "FunctionDeclaration" && node.id) {
        const scope = parents[parents.length - 2];
        if (!asyncDeclarations.has(scope)) asyncDeclarations.set(scope, []);
        asyncDeclarations.get(scope).push({ name: node.id.name, node });
      }
    },
    AwaitExpression(node, _state, parents) {
      const fn = owner(parents);
      if (!fn) return;
      const on = JSON.stringify(label(source, node.argument));
      insert(node.start, `__rt.resume(${LANE}, `, 1);
      insert(node.argument.start, `__rt.suspend(${LANE}, (`, 1);
      insert(node.argument.end, `), ${node.loc.start.line}, ${on})`, -1);
      insert(node.end, ")", -2);
    },
    YieldExpression(node, _state, parents) {
      const fn = owner(parents);
      if (!fn || fn === ast || node.delegate) return;
      insert(node.start, `__rt.resume(${LANE}, `, 1);
      if (node.argument) {
        insert(node.argument.start, `__rt.suspend(${LANE}, (`, 1);
        insert(node.argument.end, `), ${node.loc.start.line}, "yield")`, -1);
      } else {
        insert(node.end, ` __rt.suspend(${LANE}, undefined, ${node.loc.start.line}, "yield")`, -1);
      }
      insert(node.end, ")", -2);
    },
    ReturnStatement(node, _state, parents) {
      const fn = owner(parents);
      if (!fn || fn === ast) return;
      if (node.argument) {
        insert(node.argument.start, `__rt.ret(${LANE}, (`, 1);
        insert(node.argument.end, "))", -1);
      } else {
        insert(node.end - (source[node.end - 1] === ";" ? 1 : 0), ` __rt.ret(${LANE}, undefined)`, -1);
      }
    },
    // A rejected await goes on in a catch or a finally: the lane runs again.
    CatchClause(node, _state, parents) {
      if (owner(parents)) insert(node.body.start + 1, `__rt.resume(${LANE});`, 1);
    },
    TryStatement(node, _state, parents) {
      if (node.finalizer && owner(parents)) insert(node.finalizer.start + 1, `__rt.resume(${LANE});`, 1);
    },
    ForOfStatement(node, _state, parents) {
      loopGuard(node);
      if (!node.await) return;
      const fn = owner(parents);
      if (!fn) return;
      insert(node.right.start, `__rt.iterate(${LANE}, (`, 1);
      insert(node.right.end, `), ${node.loc.start.line}, ${JSON.stringify(label(source, node.right))})`, -1);
      insert(node.body.start, `{ __rt.resume(${LANE}); `, 2);
      insert(node.body.end, " }", -3);
      // after the loop, the lane runs on
      const parent = parents[parents.length - 2];
      const whole = parent.type === "LabeledStatement" ? parent : node;
      insert(whole.start, "{ ", 3);
      insert(whole.end, ` __rt.resume(${LANE}); }`, -4);
    },
    WhileStatement: loopGuard,
    DoWhileStatement: loopGuard,
    ForStatement: loopGuard,
    ForInStatement: loopGuard,
  });

  // A runaway loop is stopped: every turn of every loop counts.
  function loopGuard(node) {
    if (node.type === "ForOfStatement" && node.await) return;
    // a loop whose condition reads the clock is a busy wait
    const test = node.test ? source.slice(node.test.start, node.test.end) : "";
    const waits = /\b(performance|Date)\.now\s*\(/.test(test);
    insert(node.body.start, `{ __rt.tick(${node.start}${waits ? ", true" : ""}); `, 2);
    insert(node.body.end, " }", -3);
  }

  // An async function declared in a scope is tracked from the scope's start
  // (declarations are hoisted), so a printed promise can show its state.
  for (const [scope, declarations] of asyncDeclarations) {
    for (const { name, node } of declarations) {
      const track = `${name} = __rt.track(${name});`;
      if (scope.type === "Program") insert(0, track, 1);
      else if (scope.type === "BlockStatement") insert(scope.start + 1, track, 1);
      else if (scope.type === "StaticBlock") insert(source.indexOf("{", scope.start) + 1, track, 1);
      // a switch case: tracked where it is declared
      else insert(node.start, track, 1);
    }
  }

  edits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[1] ? b[2] - a[2] : a[2] - b[2]));
  let out = "";
  let last = 0;
  for (const [at, , , text] of edits) {
    out += source.slice(last, at) + text;
    last = at;
  }
  out += source.slice(last);
  return (
    `const ${LANE} = __rt.main(); try { ${out}\n;__rt.ret(${LANE}, undefined);` +
    ` } catch (__e) { throw __rt.threw(${LANE}, __e); } finally { __rt.exit(${LANE}); }`
  );
}
