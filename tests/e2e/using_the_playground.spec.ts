// Using the playground as a person does: pick scenarios, run and stop them,
// watch the timeline grow, compare variants, read the console and the
// heartbeat, switch language, use only the keyboard, and use a phone.
import { test, expect, type Page } from '@playwright/test';
import { Playground, appLabels, scenarioLabels } from './pages/playground';

test.use({ locale: 'en-US' });

test('switching scenarios from the sidebar opens each one and marks its link', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=sync-vs-async&lang=en');
  await expect(pg.scenario).toHaveAttribute('data-scenario', 'sync-vs-async');
  await expect(pg.sidebarLink('sync-vs-async')).toHaveAttribute('aria-current', 'page');

  for (const id of ['gather', 'semaphore', 'blocking-call']) {
    await pg.openScenario(id);
    await expect(pg.sidebarLink(id)).toHaveAttribute('aria-current', 'page');
    // Exactly one link is current, and the address names the scenario.
    await expect(pg.sidebar.locator('[aria-current="page"]')).toHaveCount(1);
    expect(new URL(page.url()).searchParams.get('demo')).toBe(id);
    await expect(pg.page.getByRole('heading', { level: 2 }).first()).not.toBeEmpty();
  }
  await expect(pg.sidebarLink('sync-vs-async')).not.toHaveAttribute('aria-current', /.*/);
  pg.expectNoProblems();
});

test('Run starts a real run, Stop ends it where it is, and Run again finishes', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=sync-vs-async&lang=en');
  await pg.expectState('idle');
  await expect(pg.runButton).toHaveText('Run');
  await expect(pg.stopButton).toBeDisabled();

  // Defaults: 3 s serial then 1 s concurrent, so there is time to stop.
  await pg.runButton.click();
  await pg.expectState('running');
  await expect(pg.stopButton).toBeEnabled();
  await expect(pg.runHeader('serial')).toBeVisible();
  await pg.stopButton.click();
  await pg.expectState('stopped');
  await expect(pg.stopButton).toBeDisabled();
  await expect(pg.runButton).toHaveText('Run again');
  // The stopped variant keeps its partial timeline, its tasks marked as
  // still running; the second variant never started.
  await expect(pg.timelineSvg.locator('path.marker-running').first()).toBeAttached();
  await expect(pg.runHeader('concurrent')).toHaveCount(0);
  const stopped = JSON.parse(await pg.traceJson());
  expect(stopped.runs.map((r: { variant: string }) => r.variant)).toEqual(['serial']);
  expect(stopped.runs[0].total_ms).toBeLessThan(3000);

  // Nothing keeps running after Stop: the status stays stopped.
  await expect(pg.status).toHaveAttribute('data-state', 'stopped');

  await pg.setParam('latency_ms', 100);
  await pg.runToEnd();
  await expect(pg.runHeader('serial')).toBeVisible();
  await expect(pg.runHeader('concurrent')).toBeVisible();
  const done = JSON.parse(await pg.traceJson());
  expect(done.mode).toBe('real');
  expect(done.runs.map((r: { variant: string }) => r.variant)).toEqual(['serial', 'concurrent']);
  // Real timers fire at or after their deadline.
  expect(done.runs[0].total_ms).toBeGreaterThanOrEqual(300);
  expect(done.runs[1].total_ms).toBeGreaterThanOrEqual(100);
  pg.expectNoProblems();
});

/**
 * The running variant's header total (elapsed ms) and the latest span end in
 * ms (from the spans' tooltips: the axis rescales as the run goes, so pixels
 * are no measure), read in one go with the run state.
 */
async function liveSample(page: Page, variant: string) {
  return page.evaluate((variant) => {
    const state = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state');
    const svg = document.querySelector('[data-testid="timeline"] svg.timeline-svg');
    const header = svg?.querySelector(`g.run-header[data-variant="${variant}"] .run-total`)?.textContent ?? '';
    const total = Number(/([\d.]+) ms/.exec(header)?.[1] ?? NaN);
    let spanEnd = 0;
    for (const span of svg?.querySelectorAll('g.lanes rect.span') ?? []) {
      const end = /→ ([\d.]+) ms/.exec(span.getAttribute('data-tip') ?? '');
      if (end) spanEnd = Math.max(spanEnd, Number(end[1]));
    }
    return { state, total, spanEnd };
  }, variant);
}

test('the timeline grows live during a real run', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=sync-vs-async&lang=en');
  await pg.runButton.click();
  await pg.expectState('running');
  await expect(pg.runHeader('serial').locator('.run-total')).not.toBeEmpty();

  const first = await liveSample(page, 'serial');
  expect(first.state).toBe('running');
  expect(first.total).toBeGreaterThanOrEqual(0);
  // Wait for later frames: the total and the spans move on while the run is
  // still going (serial takes 3 s).
  let second = first;
  await expect
    .poll(async () => {
      second = await liveSample(page, 'serial');
      return second.total > first.total + 50 && second.spanEnd > first.spanEnd + 50;
    })
    .toBe(true);
  expect(second.state).toBe('running');
  expect(second.total).toBeLessThan(3000);
  test.info().annotations.push({ type: 'measured', description: `live samples ${JSON.stringify([first, second])}` });

  await pg.expectState('done', 15_000);
  pg.expectNoProblems();
});

test('variants share one time axis and the faster one gets the speedup badge', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=sync-vs-async&mode=virtual&lang=en');
  await pg.runToEnd();

  await expect(pg.timelineSvg.locator('g.run-header')).toHaveCount(2);
  await expect(pg.runHeader('serial')).toBeVisible();
  await expect(pg.runHeader('concurrent')).toBeVisible();
  await expect(pg.timelineSvg.locator('g.axis')).toHaveCount(1);

  const badge = pg.page.getByTestId('speedup-badge');
  await expect(badge).toHaveCount(1);
  await expect(badge).toContainText('3.0×');
  // The badge sits on the faster variant.
  await expect(pg.runHeader('concurrent').getByTestId('speedup-badge')).toHaveCount(1);

  // One axis: the end lines sit at 3000 ms and 1000 ms of the same scale.
  const x0 = Number(await pg.timelineSvg.locator('g.axis line.grid').first().getAttribute('x1'));
  const serialEnd = Number(await pg.runHeader('serial').locator('line.total').getAttribute('x1'));
  const concEnd = Number(await pg.runHeader('concurrent').locator('line.total').getAttribute('x1'));
  expect((concEnd - x0) / (serialEnd - x0)).toBeCloseTo(1 / 3, 2);
  pg.expectNoProblems();
});

test('hovering a span or marker shows its tooltip', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=sync-vs-async&mode=virtual&lang=en');
  await pg.runToEnd();
  // Tooltips are made on hover: none is in the page before.
  await expect(pg.timelineSvg.locator('g.lanes title')).toHaveCount(0);
  const spans = pg.timelineSvg.locator('g.lanes rect.span-waiting');
  // Every wait takes 1 s: serial's main() sleeps 3 times; concurrent's
  // main() waits on gather while its 3 tasks sleep.
  await expect(spans).toHaveCount(7);
  for (const span of await spans.all()) {
    await span.hover();
    const label = await span.locator('xpath=..').locator('text.lane-label').textContent();
    const on = label === 'main()' ? '(sleep\\(1000 ms\\)|gather)' : 'sleep\\(1000 ms\\)';
    await expect(span.locator('title')).toHaveText(new RegExp(`^${label!.replace(/[()]/g, '\\$&')}: waiting on ${on}\\n\\d+ ms → \\d+ ms \\(1000 ms\\)$`));
  }
  const end = pg.timelineSvg.locator('g.lanes path.marker-done').first();
  await end.hover();
  await expect(end.locator('title')).toHaveText(/: done at \d+ ms$/);
  // A second hover adds no second tooltip.
  await spans.first().hover();
  await expect(spans.first().locator('title')).toHaveCount(1);
  pg.expectNoProblems();
});

test('the console shows printed lines in print order', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=coroutine-vs-task&mode=virtual&lang=en');
  await pg.runToEnd();
  expect(await pg.consoleTexts('create-task')).toEqual(['Hello', 'Hello', 'World', 'World']);
  expect(await pg.consoleTexts('await-in-turn')).toEqual(['Hello', 'World', 'Hello', 'World']);
  const times = await page
    .locator('.console-run[data-variant="create-task"] .console-time')
    .allTextContents();
  expect(times.map((t) => t.trim())).toEqual(['0 ms', '0 ms', '1000 ms', '1000 ms']);

  // The same order on the real event loop.
  await pg.setMode('real');
  await pg.setParam('delay_ms', 200);
  await pg.runToEnd();
  expect(await pg.consoleTexts('create-task')).toEqual(['Hello', 'Hello', 'World', 'World']);
  expect(await pg.consoleTexts('await-in-turn')).toEqual(['Hello', 'World', 'Hello', 'World']);
  pg.expectNoProblems();
});

/**
 * A test-side heartbeat: records every gap between animation frames longer
 * than 50 ms, with when it started, and when the live "now" line moved to each
 * variant, so a stall can be told to one variant even though the page runs
 * all of them in a row.
 */
async function startFrameRecorder(page: Page) {
  await page.evaluate(() => {
    const rec = { gaps: [] as { from: number; to: number }[], switches: [] as { at: number; variant: string }[], on: true };
    (window as unknown as { __rec: typeof rec }).__rec = rec;
    let last = performance.now();
    const beat = (now: number) => {
      if (now - last > 50) rec.gaps.push({ from: last, to: now });
      last = now;
      if (rec.on) requestAnimationFrame(beat);
    };
    requestAnimationFrame(beat);
    let current = '';
    new MutationObserver(() => {
      const live = document.querySelector('g.run-header line.now-line')?.closest('g.run-header');
      const variant = live?.getAttribute('data-variant') ?? '';
      if (variant && variant !== current) {
        current = variant;
        rec.switches.push({ at: performance.now(), variant });
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  });
}

/**
 * The longest frame gap before and after the live line moved to `second`.
 * A gap is told to the variant that was live when it started: the first
 * variant's busy-waits may begin before its own header is even drawn, so
 * everything before the switch counts as the first variant's.
 */
async function stallsAround(page: Page, second: string) {
  return page.evaluate((second) => {
    type Rec = { gaps: { from: number; to: number }[]; switches: { at: number; variant: string }[]; on: boolean };
    const rec = (window as unknown as { __rec: Rec }).__rec;
    rec.on = false;
    const at = rec.switches.find((s) => s.variant === second)?.at ?? NaN;
    const longest = (gaps: { from: number; to: number }[]) => Math.round(Math.max(0, ...gaps.map((g) => g.to - g.from)));
    return {
      switched: !Number.isNaN(at),
      before: longest(rec.gaps.filter((g) => g.from < at)),
      after: longest(rec.gaps.filter((g) => g.from >= at)),
      gaps: rec.gaps.map((g) => `${Math.round(g.from)}+${Math.round(g.to - g.from)}`),
      switches: rec.switches.map((s) => `${s.variant}@${Math.round(s.at)}`),
    };
  }, second);
}

test('the heartbeat records the stall of time.sleep and none for asyncio.sleep', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=blocking-call&lang=en');
  await expect(pg.heartbeat).toHaveAttribute('data-max-stall-ms', /^\d+$/);

  // Defaults: three busy-waits of 1000 ms (time-sleep), then one shared
  // 1000 ms asyncio.sleep.
  await startFrameRecorder(page);
  await pg.runToEnd(20_000);
  const whole = await pg.maxStallMs();
  const frames = await stallsAround(page, 'asyncio-sleep');
  const measured = `defaults: page max stall ${whole} ms; test-side frame gaps ${JSON.stringify(frames)}`;
  test.info().annotations.push({ type: 'measured', description: measured });
  console.log(measured);
  // The page's own meter covers the whole run (it resets on Run only).
  expect(whole).toBeGreaterThanOrEqual(500);
  // Told apart by when each gap started: time.sleep holds the loop for about
  // a second at a time, asyncio.sleep never holds it.
  expect(frames.switched).toBe(true);
  expect(frames.before).toBeGreaterThanOrEqual(500);
  // Under 250 ms: a busy 2-core machine drops a frame now and then, far
  // below the ~1000 ms a time.sleep(1) holds the loop.
  expect(frames.after).toBeLessThan(250);
  await expect(pg.heartbeat.locator('.heartbeat-stall')).toContainText('longest stall');

  // The same scenario with busy-waits too short to matter (3 × 10 ms): the
  // page's meter, reset by Run, reports no long stall over the whole run.
  await pg.setParam('duration_ms', 10);
  await pg.runToEnd();
  const negligible = await pg.maxStallMs();
  test.info().annotations.push({ type: 'measured', description: `3 × 10 ms: page max stall ${negligible} ms` });
  console.log(`3 × 10 ms: page max stall ${negligible} ms`);
  expect(negligible).toBeLessThan(250);
  pg.expectNoProblems();
});

test("in virtual time the heartbeat reports the program's own stalls, never the page's rendering", async ({ page }) => {
  const pg = new Playground(page);
  // 10,000 lanes take the page a while to draw; the program never blocks.
  await pg.open('demo=semaphore&mode=virtual&lang=en&urls=10000&max_concurrent=100');
  await pg.runToEnd(20_000);
  await expect(pg.heartbeat).toHaveAttribute('data-max-stall-ms', '0');
  await expect(pg.heartbeat.locator('.heartbeat-stall')).toHaveText('no stall');
  // Three time.sleep(1) back to back hold the program's loop for 3 s.
  await pg.open('demo=blocking-call&mode=virtual&lang=en');
  await pg.runToEnd();
  await expect(pg.heartbeat).toHaveAttribute('data-max-stall-ms', '3000');
  pg.expectNoProblems();
});

/**
 * Text nodes of the page a reader sees as UI, leaving out code, printed
 * output, task names drawn in the timeline, the language names, and the
 * guide's section names (titles of the Chinese guide, shown as they are in
 * both languages, like a book title).
 */
async function uiTexts(page: Page): Promise<{ texts: string[]; labels: string[] }> {
  return page.evaluate(() => {
    const skip =
      'pre, code, script, style, .console-lines, g.lanes, g.prints, [data-testid="lang"], .section-tag, .sidebar-section';
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.textContent?.trim();
      if (t && !n.parentElement?.closest(skip)) texts.push(t);
    }
    const labels = [...document.querySelectorAll('[aria-label], [title]')]
      .filter((e) => !e.closest(skip))
      .flatMap((e) => [e.getAttribute('aria-label'), e.getAttribute('title')])
      .filter((t): t is string => !!t);
    return { texts, labels };
  });
}

test('the language switch changes every visible string', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=sync-vs-async&mode=virtual&lang=en&run=1');
  await pg.expectState('done');
  await expect(pg.runButton).toHaveText('Run again');

  await pg.setLang('zh');
  await expect(pg.runButton).toHaveText('再运行一次');
  const zh = await uiTexts(page);
  await pg.setLang('en');
  await expect(pg.runButton).toHaveText('Run again');
  const en = await uiTexts(page);

  // Every UI label and scenario text that differs between the languages.
  const labels = [...appLabels(), ...scenarioLabels()].filter(
    // A label whose Chinese text contains the English one is a proper name
    // (the title "异步演练场 Async Playground"), not an untranslated label.
    ([, v]) => v.zh && v.en && !v.zh.includes(v.en),
  );
  expect(labels.length).toBeGreaterThan(100);
  const zhShown = new Set([...zh.texts, ...zh.labels]);
  const enShown = new Set([...en.texts, ...en.labels]);

  // No English label is left in the Chinese page, and no Chinese one in the
  // English page (as a whole text node, or inside a longer one).
  const englishInZh = labels.filter(([, v]) => zhShown.has(v.en)).map(([k, v]) => `${k}: ${v.en}`);
  const chineseInEn = labels.filter(([, v]) => enShown.has(v.zh)).map(([k, v]) => `${k}: ${v.zh}`);
  expect(englishInZh).toEqual([]);
  expect(chineseInEn).toEqual([]);
  const zhJoined = [...zhShown].join('\n');
  const longEnglish = labels
    .filter(([, v]) => v.en.split(' ').length >= 3 && zhJoined.includes(v.en))
    .map(([k]) => k);
  expect(longEnglish).toEqual([]);

  // What the switch must reach: the header, the sidebar, the controls, the
  // timeline's run titles, the console and the export panel.
  for (const key of ['app.tagline', 'run.again', 'run.stop', 'mode.label', 'console.title', 'export.title', 'timeline.table', 'heartbeat.label']) {
    const v = appLabels().get(key)!;
    expect(zhShown.has(v.zh) || zhJoined.includes(v.zh), key).toBe(true);
    expect(enShown.has(v.en), key).toBe(true);
  }
  const serial = scenarioLabels().get('scenarios.sync-vs-async.variants.serial')!;
  await pg.setLang('zh');
  await expect(pg.runHeader('serial').locator('.variant')).toHaveText(serial.zh);
  // The run totals drawn in the timeline speak the page's language too.
  await expect(pg.runHeader('serial').locator('.run-total')).toHaveText(
    `${appLabels().get('stats.measured')!.zh} 3000 ms`,
  );
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveTitle(appLabels().get('app.title')!.zh);
  expect(new URL(page.url()).searchParams.get('lang')).toBe('zh');
  pg.expectNoProblems();
});

test.describe('keyboard only', () => {
  test('Tab reaches Run and Enter runs it', async ({ page }) => {
    const pg = new Playground(page);
    await pg.open('demo=sync-vs-async&mode=virtual&lang=en');
    // The first Tab offers the skip link; following it lands in the content.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('content')).toBeFocused();

    let presses = 0;
    while (!(await pg.runButton.evaluate((b) => b === document.activeElement))) {
      expect(++presses, 'Tab presses to reach Run').toBeLessThan(40);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await pg.expectState('done');
    await expect(pg.runHeader('concurrent')).toBeVisible();
    await expect(pg.runButton).toBeFocused();
    pg.expectNoProblems();
  });

  test('arrow keys move between the code tabs', async ({ page }) => {
    const pg = new Playground(page);
    await pg.open('demo=sync-vs-async&lang=en');
    const tab = (name: string) => page.getByTestId(`tab-${name}`);
    const code = page.getByTestId('code');

    let presses = 0;
    while (!(await tab('python').evaluate((b) => b === document.activeElement))) {
      expect(++presses, 'Tab presses to reach the code tabs').toBeLessThan(60);
      await page.keyboard.press('Tab');
    }
    await expect(tab('python')).toHaveAttribute('aria-selected', 'true');
    const python = await code.textContent();
    expect(python).toContain('async def');

    const expectSelected = async (name: string) => {
      await expect(tab(name)).toBeFocused();
      await expect(tab(name)).toHaveAttribute('aria-selected', 'true');
      await expect(page.locator('[role="tab"][aria-selected="true"]')).toHaveCount(1);
    };
    await page.keyboard.press('ArrowRight');
    await expectSelected('javascript');
    await expect(code).not.toHaveText(python!);
    await expect(code).toContainText('async function');
    await page.keyboard.press('ArrowRight');
    await expectSelected('rust');
    await page.keyboard.press('ArrowRight');
    await expectSelected('python');
    await page.keyboard.press('ArrowLeft');
    await expectSelected('rust');
    await page.keyboard.press('Home');
    await expectSelected('python');
    await page.keyboard.press('End');
    await expectSelected('rust');

    // Only the selected tab is in the Tab order: Tab leaves the tab list.
    await page.keyboard.press('Tab');
    await expect(page.locator('[role="tab"]:focus')).toHaveCount(0);
    pg.expectNoProblems();
  });
});

test.describe('on a 375 px wide phone', () => {
  test.use({ viewport: { width: 375, height: 740 }, hasTouch: true });

  const noHorizontalOverflow = async (page: Page) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
  };

  test('the page fits, the menu opens the sidebar, and Run works', async ({ page }) => {
    const pg = new Playground(page);
    await page.goto('/?demo=sync-vs-async&mode=virtual&lang=en');
    await expect(pg.scenario).toBeVisible();
    await noHorizontalOverflow(page);

    const toggle = page.getByTestId('menu-toggle');
    await expect(toggle).toBeVisible();
    await expect(pg.sidebar).toBeHidden();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(pg.sidebar).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await noHorizontalOverflow(page);
    // Escape closes it, and the focus goes back to the button.
    await page.keyboard.press('Escape');
    await expect(pg.sidebar).toBeHidden();
    await expect(toggle).toBeFocused();
    await toggle.click();
    await expect(pg.sidebar).toBeVisible();

    // Picking a scenario closes the menu.
    await pg.sidebarLink('coroutine-vs-task').click();
    await expect(pg.scenario).toHaveAttribute('data-scenario', 'coroutine-vs-task');
    await expect(pg.sidebar).toBeHidden();

    await pg.runToEnd();
    await expect(pg.runHeader('create-task')).toBeVisible();
    expect(await pg.consoleTexts('create-task')).toEqual(['Hello', 'Hello', 'World', 'World']);
    await noHorizontalOverflow(page);

    // The same in Chinese, with a longer scenario and the banner of a bad link.
    await page.goto('/?demo=semaphore&mode=virtual&lang=zh&run=1&bogus=1');
    await pg.expectState('done');
    await expect(pg.linkError).toBeVisible();
    await noHorizontalOverflow(page);

    // A prediction whose prompt holds a long call with no space in it wraps
    // the call instead of widening the page.
    for (const lang of ['en', 'zh']) {
      await page.goto(`/?demo=wait-first-completed&lang=${lang}`);
      await expect(page.locator('.question legend').first()).toContainText('FIRST_COMPLETED');
      await noHorizontalOverflow(page);
    }
    pg.expectNoProblems();
  });
});
