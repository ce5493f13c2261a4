// Writing a program of one's own on the scratchpad: the editor loads on
// demand, takes the keyboard as a person types, runs with Ctrl+Enter, marks
// the line an error points at, lets Escape leave it, and the page's link
// carries the program so a fresh browser sees the same code and trace.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ScenarioPage } from './pages/scenario_page';

/** Replaces the editor's text by typing, key by key. */
async function typeProgram(page: Page, lines: string[]): Promise<void> {
  await page.getByTestId('editor-input').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  for (const line of lines) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }
}

/** The program the page holds (and writes into its link). */
const programOf = (page: Page) => page.getByTestId('scratch-code').getAttribute('data-code');

test('a program typed on the scratchpad runs with Ctrl+Enter, and its link reproduces it byte for byte', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const editorRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/runtime/editor.js')) editorRequests.push(r.url());
  });
  const scenario = new ScenarioPage(page);
  await page.goto('/?demo=semaphore&lang=en');
  await expect(scenario.root).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(editorRequests).toEqual([]); // the first paint never loads the editor

  await page.getByTestId('scratch-link').click();
  await expect(page.getByTestId('editor')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  expect(editorRequests.length).toBe(1);
  await page.getByTestId('mode').selectOption('virtual');
  // One-line bodies: the editor's own indentation never gets in the way.
  const lines = [
    'import asyncio',
    '',
    'async def hello(n): await asyncio.sleep(n); print(f"hello {n}"); return n',
    '',
    'async def main(): return await asyncio.gather(hello(2), hello(1))',
    '',
    'asyncio.run(main())',
  ];
  await typeProgram(page, lines);
  expect(await programOf(page)).toBe(lines.join('\n') + '\n');
  await page.keyboard.press('Control+Enter');
  await scenario.expectState('done', 30_000);
  await expect(scenario.consoleLines).toHaveText([/hello 1/, /hello 2/]);
  await expect(scenario.status).toHaveText('done');
  await expect(scenario.status).not.toHaveAttribute('data-failed', 'true');
  const trace = await scenario.traceText();
  const doc = JSON.parse(trace);
  expect(doc.runs[0].tasks.map((t: { name: string }) => t.name)).toEqual(['main', 'hello(2)', 'hello(1)']);
  expect(doc.runs[0].total_ms).toBe(2000);
  expect(doc.source).toBe(lines.join('\n') + '\n');
  // Clicking a lane puts the cursor on its coroutine's definition.
  await page.locator('.timeline-scroll g.lane', { has: page.locator('text.lane-label', { hasText: 'hello(1)' }) }).click();
  await expect(page.locator('.cm-activeLine')).toContainText('async def hello(n)');

  // Copy link gives the canonical link: a fresh browser opens the same code
  // and, with run=1, the same trace.
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-note')).toHaveText('Copied!');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());
  expect(link).toMatch(/[?&]code=[A-Za-z0-9_-]+/);
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link.includes('run=1') ? link : `${link}&run=1`);
  const otherScenario = new ScenarioPage(other);
  await expect(other.getByTestId('scratch-code')).toHaveAttribute('data-code', lines.join('\n') + '\n');
  await otherScenario.expectState('done', 30_000);
  expect(await otherScenario.traceText()).toBe(trace);
  await fresh.close();
});

test('an error is marked on its line in the editor, and Escape leaves the editor', async ({ page }) => {
  const scenario = new ScenarioPage(page);
  await page.goto('/?demo=scratch&mode=virtual&lang=en');
  await expect(page.getByTestId('editor')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await typeProgram(page, ['import asyncio', '', 'async def main(): await asyncio.sleep(1); return 1 / 0', '', 'asyncio.run(main())']);
  await page.keyboard.press('Control+Enter');
  await scenario.expectState('done', 30_000);
  await expect(page.getByTestId('program-error')).toContainText('ZeroDivisionError');
  await expect(page.getByTestId('editor-error-line')).toHaveAttribute('data-line', '3');
  // Ran to its end, but not a success: the status says so, not "done".
  await expect(scenario.status).toHaveAttribute('data-failed', 'true');
  await expect(scenario.status).toHaveText('ended with an error');

  await typeProgram(page, ['import asyncio', 'def broken(:']);
  await expect(page.getByTestId('editor-error-line')).toHaveCount(0); // an edit clears the mark
  await page.getByTestId('run').click();
  await scenario.expectState('done', 30_000);
  await expect(page.getByTestId('program-error')).toHaveAttribute('data-kind', 'syntax');
  await expect(page.getByTestId('editor-error-line')).toHaveAttribute('data-line', '2');

  // No keyboard trap: Escape leaves the editor, Tab goes on to the page.
  await page.getByTestId('editor-input').click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.closest('[data-testid=editor]') === null);
  expect(focused).toBe(true);
});

test('a starter program replaces the code, and the editor has no serious accessibility violations', async ({ page }) => {
  await page.goto('/?demo=scratch&mode=virtual&lang=en');
  await expect(page.getByTestId('editor')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  // An empty editor that says what to do, and a menu of starters.
  await expect(page.getByTestId('scratch-code')).toHaveAttribute('data-code', '');
  await expect(page.locator('.cm-placeholder')).toContainText('start from an example');
  await page.getByTestId('starter').selectOption('semaphore');
  await expect(page.getByTestId('scratch-code')).toHaveAttribute('data-code', /asyncio\.Semaphore\(3\)/);
  await expect(page.getByTestId('editor-input')).toContainText('asyncio.Semaphore(3)');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? ''));
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), scheme).toEqual([]);
  }
});

test("a scenario's Python is edited, run in CPython, reset, and Back brings the edit back", async ({ page }) => {
  const scenario = new ScenarioPage(page);
  await scenario.open('semaphore', { mode: 'virtual' });
  await page.getByTestId('edit-code').click();
  await expect(page.getByTestId('editor')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await expect(page.getByTestId('runtime')).toHaveValue('python');
  await expect(page).toHaveURL(/[?&]code=/);
  await expect(page.getByTestId('edited-marker')).toHaveCount(0); // still the guide's code

  // A line of one's own at the end of the program.
  await page.getByTestId('editor-input').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('print("edited by me")');
  await expect(page.getByTestId('edited-marker')).toBeVisible();
  await expect(page.getByTestId('scenario-editor')).toHaveAttribute('data-code', /print\("edited by me"\)$/);
  const doc = await scenario.runToEnd(30_000);
  expect((doc as unknown as { runtime: string; source: string }).runtime).toBe('python');
  expect((doc as unknown as { source: string }).source).toMatch(/edited by me/);
  const run = doc.runs[0];
  expect(run.total_ms).toBe(2000);
  expect(run.output.map((o) => o.text).at(-1)).toBe('edited by me');

  await page.getByTestId('reset-code').click();
  await expect(page.getByTestId('code')).toContainText('Semaphore(max_concurrent)');
  await expect(page).not.toHaveURL(/[?&]code=/);
  await page.goBack();
  await expect(page.getByTestId('scenario-editor')).toHaveAttribute('data-code', /edited by me/);
  await expect(page.getByTestId('editor-input')).toContainText('edited by me');
});

test('the scratchpad editor fits and works on a 375 px phone', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  const scenario = new ScenarioPage(page);
  await page.goto('/?demo=scratch&mode=virtual&lang=en');
  await expect(page.getByTestId('editor')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await typeProgram(page, ['import asyncio', 'asyncio.run(asyncio.sleep(0.5))']);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.getByTestId('run').click();
  await scenario.expectState('done', 30_000);
  expect(JSON.parse(await scenario.traceText()).runs[0].total_ms).toBe(500);
});
