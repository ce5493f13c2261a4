// Stepping through the event loop: forward and back with the mouse and the
// keyboard, the ready queue and the timers after each step as asyncio's
// _run_once leaves them (worked out by hand for coroutine-vs-task), the
// narration, the timeline cursor and clicks, and step= links.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { Playground } from './pages/playground';

test.use({ locale: 'en-US' });

const view = (page: Page) => page.getByTestId('step-view');
const readyQueue = (page: Page) => page.getByTestId('ready-queue').locator('li');
const timers = (page: Page) => page.getByTestId('timers').locator('li');
const narration = (page: Page) => page.getByTestId('step-narration');

async function openSteps(page: Page): Promise<void> {
  await page.getByTestId('step-view-toggle').click();
  await expect(view(page)).toBeVisible();
}

/** What the step view shows now, to compare going forward and back. */
async function shown(page: Page): Promise<string[]> {
  return [
    (await view(page).getAttribute('data-step')) ?? '',
    (await narration(page).textContent()) ?? '',
    ...(await readyQueue(page).allTextContents()),
    '|',
    ...(await timers(page).allTextContents()),
    '|',
    ...(await page.getByTestId('step-tasks').locator('li').allTextContents()),
  ];
}

test('create_task, one callback at a time, forward with the mouse and back with the keyboard', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=coroutine-vs-task&mode=virtual&lang=en');
  await pg.runToEnd();
  await openSteps(page);
  await expect(view(page)).toHaveAttribute('data-step', '1');
  // Every select on the page shows its choice (none squeezed to nothing).
  for (const select of await page.locator('select:visible').all()) {
    expect((await select.boundingBox())?.width ?? 0, await select.getAttribute('data-testid') ?? 'select').toBeGreaterThan(40);
  }

  // Step 1: main creates both tasks (queued in order) and awaits the first.
  await expect(readyQueue(page)).toHaveText(['step say_hello()', 'step say_hello()']);
  await expect(timers(page)).toHaveCount(0);
  await expect(narration(page)).toHaveText('main() starts and waits on task say_hello().');
  const seen: string[][] = [await shown(page)];

  // Steps 2 and 3: each task prints Hello and sets a timer for 1000 ms.
  await page.getByTestId('step-forward').click();
  await expect(view(page)).toHaveAttribute('data-step', '2');
  await expect(readyQueue(page)).toHaveText(['step say_hello()']);
  await expect(timers(page)).toHaveCount(1);
  await expect(timers(page).first()).toContainText('1000 ms');
  await expect(narration(page)).toHaveText(
    'say_hello() starts and waits on sleep(1000 ms): a timer is set for 1000 ms.',
  );
  // The listing's line the task now waits at.
  await expect(page.getByTestId('step-line')).toContainText('await asyncio.sleep(1)');
  // The task that just slept says until when; the other has not started.
  await expect(page.getByTestId('step-tasks').locator('li').nth(1)).toHaveText('say_hello() — waits on sleep(1000 ms) until 1000 ms');
  await expect(page.getByTestId('step-tasks').locator('li').nth(2)).toHaveText('say_hello() — not started yet');
  seen.push(await shown(page));
  await page.getByTestId('step-forward').click();
  await expect(readyQueue(page)).toHaveCount(0);
  await expect(timers(page)).toHaveCount(2);
  seen.push(await shown(page));
  await expect(page).toHaveURL(/step=3/);

  // The clock moves to 1000 ms: the two timers' callbacks, then the wake-ups.
  await page.getByTestId('step-next-moment').click();
  await expect(view(page)).toHaveAttribute('data-step', '4');
  await expect(page.getByTestId('step-view')).toContainText('1000 ms');
  await expect(timers(page)).toHaveCount(0);
  await expect(readyQueue(page)).toHaveText(['timer: sleep done', 'wake say_hello()']);
  seen.push(await shown(page));

  // Back with the keyboard: exactly what forward showed.
  await view(page).focus();
  for (let n = 3; n >= 1; n--) {
    await page.keyboard.press('ArrowLeft');
    await expect(view(page)).toHaveAttribute('data-step', String(n));
    expect(await shown(page)).toEqual(seen[n - 1]);
  }
  await page.keyboard.press('End');
  const steps = await view(page).getAttribute('data-steps');
  await expect(view(page)).toHaveAttribute('data-step', steps ?? '');
  await page.keyboard.press('Home');
  await expect(view(page)).toHaveAttribute('data-step', '1');
  await page.keyboard.press('ArrowRight');
  await expect(view(page)).toHaveAttribute('data-step', '2');
  expect(await shown(page)).toEqual(seen[1]);

  // The cursor on the timeline is at the step's time.
  const cursor = pg.timelineSvg.getByTestId('step-cursor');
  await expect(cursor).toHaveAttribute('data-at-ms', '0');
  await expect(cursor).toHaveAttribute('data-variant', 'create-task');
  // Play runs on to the end by itself.
  await page.getByTestId('step-speed').selectOption('30');
  await page.getByTestId('step-play').click();
  await expect(view(page)).toHaveAttribute('data-step', steps ?? '', { timeout: 10_000 });
  await expect(page.getByTestId('step-play')).toHaveAttribute('aria-pressed', 'false');
  await expect(cursor).toHaveAttribute('data-at-ms', '1000');
  // The transcript tells every step so far, first to last.
  await page.locator('.step-transcript summary').click();
  const transcript = page.getByTestId('step-transcript').locator('li');
  await expect(transcript).toHaveCount(Number(steps));
  await expect(transcript.first()).toContainText('main() starts and waits on task say_hello().');
  pg.expectNoProblems();
});

test('a click on the timeline jumps to the first step at that time', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=coroutine-vs-task&mode=virtual&lang=en');
  await pg.runToEnd();
  await openSteps(page);
  // The await-in-turn block: click right of its 1000 ms tick, on a lane.
  await page.getByTestId('step-variant').selectOption('await-in-turn');
  await expect(page).toHaveURL(/step=await-in-turn%3A1/);
  const header = pg.runHeader('await-in-turn');
  const box = (await header.locator('line.total').boundingBox())!;
  // total line is at 2000 ms; 1000 ms is halfway from the axis start.
  const axisStart = (await pg.timelineSvg.locator('text', { hasText: /^0 ms$/ }).first().boundingBox())!;
  const x0 = axisStart.x + axisStart.width / 2;
  const x = x0 + (box.x - x0) * 0.75; // 1500 ms: between the moments
  await page.mouse.click(x, box.y + box.height - 4);
  // The first step at or after 1500 ms is the first at 2000 ms.
  await expect(pg.timelineSvg.getByTestId('step-cursor')).toHaveAttribute('data-at-ms', '2000');
  await expect(pg.timelineSvg.getByTestId('step-cursor')).toHaveAttribute('data-variant', 'await-in-turn');
  pg.expectNoProblems();
});

test('a step= link opens the step view at that step of that variant', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=coroutine-vs-task&mode=virtual&lang=en&step=await-in-turn:2&run=1');
  await pg.expectState('done');
  await expect(view(page)).toHaveAttribute('data-step', '2');
  await expect(page.getByTestId('step-variant')).toHaveValue('await-in-turn');
  // await-in-turn has no tasks: main runs the coroutines itself; step 2 is
  // the sleep's timer at 1000 ms.
  await expect(narration(page)).toHaveText('The loop runs a callback: timer: sleep done.');
  // A step past the end shows the last one.
  await pg.open('demo=coroutine-vs-task&mode=virtual&lang=en&step=99999&run=1');
  await pg.expectState('done');
  const steps = await view(page).getAttribute('data-steps');
  await expect(view(page)).toHaveAttribute('data-step', steps ?? 'x');
  pg.expectNoProblems();
});

test('in real time the step view says it needs a virtual-time run; the view is axe clean', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=semaphore&lang=zh&urls=4&max_concurrent=2&latency_ms=50');
  // Before any run the heartbeat reports nothing (the page's own start-up
  // is no program's stall).
  expect(await pg.maxStallMs()).toBe(0);
  await pg.runToEnd();
  await openSteps(page);
  await expect(view(page)).toContainText('虚拟时间');
  await expect(view(page)).toHaveAttribute('data-steps', '0');

  await pg.setMode('virtual');
  await pg.runToEnd();
  await expect(view(page)).toHaveAttribute('data-step', '1');
  await page.getByTestId('step-forward').click();
  await page.getByTestId('step-forward').click();
  await page.getByTestId('step-forward').click();
  await page.getByTestId('step-forward').click();
  // Step 5: the third request queues for the semaphore, first in line.
  await expect(narration(page)).toContainText('排队等待');
  await expect(page.getByTestId('step-tasks')).toContainText('排第 1 位');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // A changed parameter is not the run on screen until it runs: the steps
  // stay those of the run; the next run brings its own (no queueing at all
  // with four permits for four requests, so fewer steps).
  const before = await view(page).getAttribute('data-steps');
  await pg.setParam('max_concurrent', 4);
  await page.getByTestId('step-forward').click();
  await expect(view(page)).toHaveAttribute('data-steps', before ?? '');
  await pg.runToEnd();
  await expect(view(page)).not.toHaveAttribute('data-steps', before ?? '');
  await expect(page.getByTestId('step-tasks')).not.toContainText('排第');
  pg.expectNoProblems();
});
