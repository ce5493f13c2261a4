// Predict, then run: the learner answers before a run (mouse or keyboard),
// the run judges the answer from what it did, the deciding moment is marked
// on the timeline, progress outlives a reload, and a pinned run is compared
// with the next one on the same axis.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { Playground } from './pages/playground';

test.use({ locale: 'en-US' });

/** Semaphore's total by the guide's rule: ceil(urls / max_concurrent) waves of latency. */
const semaphoreTotal = (urls: number, max: number, latency: number) => Math.ceil(urls / max) * latency;

const question = (page: Page, id: string) =>
  page.getByTestId('prediction').locator(`fieldset[data-question="${id}"]`);
const result = (page: Page, id: string) =>
  page.locator(`[data-testid="prediction-result"][data-question="${id}"]`);
/** A time as the page writes it: digits grouped from five on. */
const ms = (n: number) => `${n >= 10_000 ? n.toLocaleString('en-US') : String(n)} ms`;

test('an answer picked with the mouse or the keyboard is judged by the run, which marks the moment', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=semaphore&mode=virtual&lang=en');
  const total = question(page, 'total');
  const peak = question(page, 'peak');
  await expect(total.getByRole('radio')).toHaveCount(3);
  await expect(result(page, 'total')).toHaveCount(0);

  // A wrong total, with the mouse: as if all 20 requests ran at once.
  await total.getByLabel(ms(500), { exact: true }).check();
  // The peak with the keyboard: from the first option, one arrow down.
  await peak.getByRole('radio').first().focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await expect(peak.getByLabel('5', { exact: true })).toBeChecked();

  await pg.runToEnd();
  await expect(result(page, 'total')).toHaveAttribute('data-correct', 'false');
  await expect(result(page, 'total')).toContainText(ms(semaphoreTotal(20, 5, 500)));
  await expect(result(page, 'peak')).toHaveAttribute('data-correct', 'true');
  // The right option is shown as right, the wrong pick as wrong.
  await expect(total.locator('label.choice.right')).toHaveText(ms(2000));
  await expect(total.locator('label.choice.wrong')).toHaveText(ms(500));
  // The moments that decide: the run's end, and when the fifth request got in.
  const marks = pg.timelineSvg.getByTestId('decisive-moment');
  await expect(marks).toHaveCount(2);
  await expect(marks.first()).toHaveAttribute('data-at-ms', '2000');
  await expect(marks.first()).toHaveAttribute('data-variant', 'limited');
  await expect(marks.nth(1)).toHaveAttribute('data-at-ms', '0');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // Other parameters, other options and another right answer; the old
  // picks are gone with the options they pointed at.
  await pg.setParam('max_concurrent', 2);
  await expect(total.getByRole('radio', { checked: true })).toHaveCount(0);
  const expected = semaphoreTotal(20, 2, 500);
  await total.getByLabel(ms(expected), { exact: true }).check();
  await pg.runToEnd();
  await expect(result(page, 'total')).toHaveAttribute('data-correct', 'true');
  await expect(result(page, 'peak')).toHaveAttribute('data-correct', 'skipped');
  await expect(marks.first()).toHaveAttribute('data-at-ms', String(expected));
  pg.expectNoProblems();
});

test('progress per chapter survives a reload and a reset clears it', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=coroutine-vs-task&mode=virtual&lang=en');
  const chapter = page.locator('[data-testid="chapter-progress"][data-chapter="core-concepts"]');
  await expect(chapter).toHaveAttribute('data-right', '0');
  const asked = ((await chapter.textContent()) ?? '').split('/')[1];

  // create-task: both tasks sleep 1000 ms side by side.
  await question(page, 'create-task-total').getByLabel(ms(1000), { exact: true }).check();
  await pg.runToEnd();
  await expect(result(page, 'create-task-total')).toHaveAttribute('data-correct', 'true');
  await expect(chapter).toHaveAttribute('data-right', '1');
  await expect(chapter).toContainText(`1/${asked}`);

  await page.reload();
  await expect(chapter).toHaveAttribute('data-right', '1');
  await page.getByTestId('progress-reset').click();
  await expect(chapter).toHaveAttribute('data-right', '0');
  await expect(page.getByTestId('progress-reset')).toBeDisabled();
  await page.reload();
  await expect(chapter).toHaveAttribute('data-right', '0');

  // A damaged stored value reads as no progress, never as an error.
  await page.evaluate(() => localStorage.setItem('async-playground.progress', '{"version":1,"answers":'));
  await page.reload();
  await expect(chapter).toHaveAttribute('data-right', '0');
  pg.expectNoProblems();
});

test('a pinned run stays on the timeline and the next run is compared with it', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=semaphore&mode=virtual&lang=en');
  await expect(page.getByTestId('pin-run')).toBeDisabled();
  await pg.runToEnd();
  await page.getByTestId('pin-run').click();
  await expect(page.getByTestId('pin-compare')).toHaveAttribute('data-state', 'waiting');

  await pg.setParam('max_concurrent', 2);
  await pg.runToEnd();
  // Both runs on one axis: the pinned one above, labelled with what differed.
  await expect(pg.runHeader('pinned:limited')).toContainText('max_concurrent=5');
  await expect(pg.runHeader('limited')).toBeVisible();
  const compare = page.getByTestId('pin-compare');
  await expect(compare).toHaveAttribute('data-state', 'compared');
  const change = semaphoreTotal(20, 2, 500) - semaphoreTotal(20, 5, 500);
  await expect(compare.getByTestId('pin-variant')).toHaveAttribute('data-delta-ms', String(change));
  await expect(compare).toContainText(`+${ms(change)}`);
  // Per task: fetch_with_limit(5) waited for the first wave of 2 and 2 more.
  await expect(compare.locator('tr.task-change', { hasText: 'fetch_with_limit(5)' })).toContainText(ms(1500));

  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await page.getByTestId('unpin-run').click();
  await expect(pg.runHeader('pinned:limited')).toHaveCount(0);
  await expect(compare).toHaveCount(0);
  pg.expectNoProblems();
});
