// The page's side of the editor: imports runtime/editor.js (CodeMirror,
// bundled by esbuild) the first time an editor is shown, never before.
let module = null;

/** Mounts an editor in `parent`; resolves with its handle. */
export async function editor_mount(parent, doc, onChange, onRun, label, placeholder, language) {
  module ??= import(new URL("runtime/editor.js", document.baseURI).href);
  const editor = await module;
  return editor.mount(parent, doc, onChange, onRun, label, placeholder, language);
}
