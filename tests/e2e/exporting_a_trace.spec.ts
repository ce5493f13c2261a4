// Exporting a trace after a run: the JSON download is exactly the JSON the
// page shows; the Chrome trace (Trace Event Format) has a thread per task
// and a complete event per span, in microseconds; the SVG is well-formed XML
// with one lane per task of every run.
import { test, expect } from '@playwright/test';
import { ScenarioPage, type TraceDoc } from './pages/scenario_page';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  args?: Record<string, unknown>;
}

/** Several runs, parallel tasks, queued and zero-length spans. */
const SCENARIOS = ['gather', 'semaphore', 'async-cache'];

/** Nanosecond rounding of the exporter, in µs. */
const US_EPSILON = 0.002;

for (const id of SCENARIOS) {
  test(`exporting ${id} after a virtual run gives the shown JSON, a Chrome trace and an SVG`, async ({ page }) => {
    const scenario = new ScenarioPage(page);
    await scenario.open(id, { mode: 'virtual' });
    await scenario.runToEnd();
    const shown = await scenario.traceText();
    const doc = JSON.parse(shown) as TraceDoc;
    expect(doc.runs.length).toBeGreaterThan(0);

    await test.step('Download JSON is the text of the export panel', async () => {
      const file = await scenario.download('download-json');
      expect(file.name).toMatch(/\.json$/);
      expect(file.text).toBe(shown);
    });

    await test.step('Download Chrome trace has a thread per task and an X event per span', async () => {
      const file = await scenario.download('download-chrome');
      const trace = JSON.parse(file.text) as { traceEvents: TraceEvent[] };
      expect(Array.isArray(trace.traceEvents)).toBe(true);
      const events = trace.traceEvents;
      const processes = events.filter((e) => e.ph === 'M' && e.name === 'process_name');
      const pids = new Set<number>();
      for (const run of doc.runs) {
        const where = `${id}/${run.variant}`;
        // The run's process is the one named after its variant.
        const named = processes.filter((e) => String(e.args?.name ?? '').endsWith(run.variant));
        expect(named, `${where}: one process named after the variant`).toHaveLength(1);
        const pid = named[0].pid;
        expect(pids.has(pid), `${where}: a process of its own`).toBe(false);
        pids.add(pid);
        const threads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid);
        expect(threads.map((e) => [e.tid, e.args?.name]).sort(), `${where} threads`).toEqual(
          run.tasks.map((t) => [t.id, t.name]).sort(),
        );
        for (const task of run.tasks) {
          const spans = events.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === task.id);
          const who = `${where} ${task.name} (#${task.id})`;
          expect(spans.length, `${who}: one X event per span`).toBe(task.spans.length);
          task.spans.forEach((s, i) => {
            const e = spans[i];
            if (!e) return;
            expect.soft(Math.abs((e.ts ?? NaN) - s.start_ms * 1000), `${who} span ${i} ts`).toBeLessThanOrEqual(US_EPSILON);
            expect
              .soft(Math.abs((e.dur ?? NaN) - (s.end_ms - s.start_ms) * 1000), `${who} span ${i} dur`)
              .toBeLessThanOrEqual(US_EPSILON);
          });
          for (let i = 1; i < spans.length; i++) {
            const [prev, next] = [spans[i - 1], spans[i]];
            expect.soft(next.ts! >= prev.ts! + prev.dur! - US_EPSILON, `${who}: X events ${i - 1} and ${i} in order, apart`).toBe(true);
          }
        }
        const prints = events.filter((e) => e.ph === 'i' && e.pid === pid);
        expect.soft(prints.map((e) => [e.tid, e.name]), `${where} prints`).toEqual(run.output.map((o) => [o.task, o.text]));
      }
      // Nothing else: every X event belongs to a run's task.
      const spanCount = doc.runs.reduce((n, r) => n + r.tasks.reduce((m, t) => m + t.spans.length, 0), 0);
      expect(events.filter((e) => e.ph === 'X')).toHaveLength(spanCount);
    });

    await test.step('Download SVG is well-formed with one lane per task per run', async () => {
      const file = await scenario.download('download-svg');
      expect(file.name).toMatch(/\.svg$/);
      const parsed = await page.evaluate((svg) => {
        const xml = new DOMParser().parseFromString(svg, 'image/svg+xml');
        const root = xml.documentElement;
        return {
          error: xml.getElementsByTagName('parsererror')[0]?.textContent ?? null,
          root: `${root.namespaceURI} ${root.localName}`,
          lanes: root.querySelectorAll('g.lane').length,
          runs: [...root.querySelectorAll('g.run')].map((g) => ({
            variant: g.getAttribute('data-variant'),
            tasks: [...g.querySelectorAll('g.lane')].map((l) => Number(l.getAttribute('data-task'))),
          })),
        };
      }, file.text);
      expect(parsed.error).toBeNull();
      expect(parsed.root).toBe('http://www.w3.org/2000/svg svg');
      expect(parsed.lanes).toBe(doc.runs.reduce((n, r) => n + r.tasks.length, 0));
      expect(parsed.runs).toEqual(doc.runs.map((r) => ({ variant: r.variant, tasks: r.tasks.map((t) => t.id) })));
    });

    scenario.expectNoProblems();
  });
}
