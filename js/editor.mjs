// The code editor (CodeMirror 6 with its Python and JavaScript languages), bundled by
// esbuild into runtime/editor.js and imported on demand, the first time a
// program is edited: the first paint never loads it.
import { basicSetup } from "codemirror";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";
import { EditorView, Decoration, keymap, placeholder as emptyText } from "@codemirror/view";
import { Annotation, EditorState, Prec, StateEffect, StateField } from "@codemirror/state";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";

// The page's own colours (CSS variables that follow the light/dark
// preference and pass WCAG AA on the code background), the same ones as the
// highlighted listings: the editor looks like the code it replaces.
const pageColours = syntaxHighlighting(
  HighlightStyle.define([
    { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword, tags.operatorKeyword], color: "var(--hl-k)", fontWeight: "600" },
    { tag: [tags.string, tags.special(tags.string)], color: "var(--hl-s)" },
    { tag: tags.comment, color: "var(--hl-c)", fontStyle: "italic" },
    { tag: [tags.number, tags.bool, tags.null], color: "var(--hl-n)" },
    { tag: [tags.function(tags.variableName), tags.function(tags.definition(tags.variableName))], color: "var(--hl-f)" },
    { tag: [tags.className, tags.typeName], color: "var(--hl-t)" },
  ]),
);
const pageTheme = EditorView.theme({
  "&": { color: "var(--fg)", backgroundColor: "var(--code-bg)" },
  ".cm-content": { caretColor: "var(--fg)" },
  ".cm-placeholder": { color: "var(--muted)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)" },
  ".cm-gutters": { backgroundColor: "var(--code-bg)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "color-mix(in srgb, var(--accent) 8%, transparent)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "color-mix(in srgb, var(--accent) 30%, transparent)" },
});

const setErrorLine = StateEffect.define();

/** The line an error points at, marked until the program changes. */
const errorLine = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    if (tr.docChanged) return Decoration.none;
    for (const effect of tr.effects) {
      if (effect.is(setErrorLine)) {
        const n = effect.value;
        if (!n || n > tr.state.doc.lines) return Decoration.none;
        const line = tr.state.doc.line(n);
        return Decoration.set([Decoration.line({ class: "cm-error-line", attributes: { "data-testid": "editor-error-line", "data-line": String(n) } }).range(line.from)]);
      }
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/**
 * Mounts an editor in `parent`. `onChange(text)` after every edit,
 * `onRun()` on Ctrl/Cmd+Enter; Escape leaves the editor (no keyboard trap:
 * Tab is never captured either).
 */
// Marks a text set from outside (Reset, Back/Forward, leaving the page):
// only the learner's own edits flow back out, or an editor emptied as its
// page goes away would write "" into the next page's link as an edit.
const fromOutside = Annotation.define();

export function mount(parent, doc, onChange, onRun, label, placeholder, language = "python") {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        basicSetup,
        language === "javascript" ? javascript() : python(),
        pageColours,
        pageTheme,
        placeholder ? emptyText(placeholder) : [],
        errorLine,
        Prec.highest(
          keymap.of([
            { key: "Mod-Enter", run: () => (onRun(), true) },
            { key: "Escape", run: (v) => (v.contentDOM.blur(), true) },
          ]),
        ),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !update.transactions.some((tr) => tr.annotation(fromOutside))) {
            onChange(update.state.doc.toString());
          }
        }),
        EditorView.contentAttributes.of({ "aria-label": label, "data-testid": "editor-input" }),
      ],
    }),
  });
  return {
    /** Replaces the text (Reset, Back/Forward) unless it is already that. */
    set(text) {
      if (view.state.doc.toString() !== text) {
        view.dispatch({
          changes: { from: 0, to: view.state.doc.length, insert: text },
          annotations: fromOutside.of(true),
        });
      }
    },
    /** Marks line `n` (1-based) as where the program failed; 0 clears. */
    mark_error(n) {
      view.dispatch({ effects: setErrorLine.of(n) });
    },
    /** Puts the cursor at the start of line `n` and focuses the editor. */
    go_to_line(n) {
      if (n < 1 || n > view.state.doc.lines) return;
      const line = view.state.doc.line(n);
      view.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
      view.focus();
    },
    destroy() {
      view.destroy();
    },
  };
}
