// Sharing a link: the address is the state. A copied link opens the same
// page elsewhere (and the same virtual trace), Back and Forward walk the
// scenarios, and a damaged or hostile link still gives a working page that
// shows what it refused, as text.
import { test, expect, type Browser } from '@playwright/test';
import { Playground } from './pages/playground';

test.use({ locale: 'en-US' });

/** A fresh browser context, as someone else opening the link would have. */
async function openElsewhere(browser: Browser, url: string, locale = 'en-US') {
  const context = await browser.newContext({ locale });
  const pg = new Playground(await context.newPage());
  await pg.page.goto(url);
  await expect(pg.sidebar).toBeVisible();
  return { context, pg };
}

test('a copied link opens the same state and, with run=1, the same trace', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const pg = new Playground(page);
  await pg.open('demo=sync-vs-async');
  await pg.setMode('virtual');
  await pg.setLang('zh');
  await pg.setParam('users', 5);
  await pg.setParam('latency_ms', 250);

  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-note')).toHaveText('已复制！');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(link).origin).toBe(new URL(page.url()).origin);
  expect(new URL(link).searchParams.get('run')).toBeNull();

  // Someone with an English browser opens it: Chinese, virtual, 5 users, 250 ms.
  const other = await openElsewhere(browser, link);
  await expect(other.pg.scenario).toHaveAttribute('data-scenario', 'sync-vs-async');
  await expect(other.pg.mode).toHaveValue('virtual');
  await expect(other.pg.lang).toHaveValue('zh');
  await expect(other.pg.page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(other.pg.paramInput('users')).toHaveValue('5');
  await expect(other.pg.paramInput('latency_ms')).toHaveValue('250');
  await expect(other.pg.linkError).toHaveCount(0);
  await other.pg.expectState('idle');
  other.pg.expectNoProblems();
  await other.context.close();

  // After a run the link asks to run on opening, and gives the same trace
  // byte for byte.
  await pg.runToEnd();
  const trace = await pg.traceJson();
  expect(JSON.parse(trace).params).toEqual({ latency_ms: 250, users: 5 });
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-note')).toHaveText('已复制！');
  const runLink = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(runLink).searchParams.get('run')).toBe('1');

  const runner = await openElsewhere(browser, runLink, 'zh-CN');
  await runner.pg.expectState('done');
  expect(await runner.pg.traceJson()).toBe(trace);
  runner.pg.expectNoProblems();
  await runner.context.close();
  pg.expectNoProblems();
});

test('Back and Forward walk the scenarios opened from the sidebar', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=sync-vs-async&lang=en');
  await pg.openScenario('gather');
  // Editing a parameter replaces the current entry instead of adding one.
  await pg.setParam('fail_ms', 700);
  await pg.openScenario('semaphore');

  const expectOn = async (id: string) => {
    await expect(pg.scenario).toHaveAttribute('data-scenario', id);
    await expect(pg.sidebarLink(id)).toHaveAttribute('aria-current', 'page');
    expect(new URL(page.url()).searchParams.get('demo')).toBe(id);
  };
  await page.goBack();
  await expectOn('gather');
  await expect(pg.paramInput('fail_ms')).toHaveValue('700');
  await page.goBack();
  await expectOn('sync-vs-async');
  await page.goForward();
  await expectOn('gather');
  await expect(pg.paramInput('fail_ms')).toHaveValue('700');
  await page.goForward();
  await expectOn('semaphore');
  await expect(pg.paramInput('urls')).toHaveValue('20');
  pg.expectNoProblems();
});

test('a link with bad values names each refused key and the page works with the defaults', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=sync-vs-async&users=abc&latency_ms=999999&colour=blue&mode=fast&lang=en');
  await expect(pg.linkError).toBeVisible();

  const refusals = pg.linkError.getByTestId('refusal');
  await expect(refusals).toHaveCount(4);
  const reasons = Object.fromEntries(
    await refusals.evaluateAll((items) =>
      items.map((li) => [li.getAttribute('data-key'), li.getAttribute('data-reason')]),
    ),
  );
  expect(reasons).toEqual({
    users: 'wrong_type',
    latency_ms: 'out_of_range',
    colour: 'unknown_key',
    mode: 'invalid_choice',
  });
  await expect(pg.linkError).toContainText('users=abc');
  await expect(pg.linkError).toContainText('latency_ms=999999');

  // The rest of the link still counts (lang=en); the refused keys fall back.
  await expect(pg.lang).toHaveValue('en');
  await expect(pg.mode).toHaveValue('real');
  await expect(pg.paramInput('users')).toHaveValue('3');
  await expect(pg.paramInput('latency_ms')).toHaveValue('1000');

  await pg.runToEnd(15_000);
  const trace = JSON.parse(await pg.traceJson());
  expect(trace.params).toEqual({ latency_ms: 1000, users: 3 });
  expect(trace.runs.map((r: { result: unknown }) => r.result)).toEqual([[1, 2, 3], [1, 2, 3]]);

  await pg.linkError.getByRole('button').click();
  await expect(pg.linkError).toHaveCount(0);
  pg.expectNoProblems();
});

test('the form refuses a value that asks too much together with the others, as a link would', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=semaphore&mode=real&lang=en');
  const input = pg.paramInput('urls');
  await input.fill('100000'); // within urls' own limits, but 100,001 tasks are past real mode's 10,000
  await input.blur();
  const error = page.getByTestId('param-urls').locator('.field-error');
  await expect(error).toContainText('Not applied');
  await expect(error).toContainText('at most 10000');
  expect(new URL(page.url()).searchParams.get('urls')).toBeNull();
  await pg.runToEnd();
  // main and the default 20 requests
  expect(JSON.parse(await pg.traceJson()).runs.map((r: { tasks: unknown[] }) => r.tasks.length)).toEqual([21]);
  pg.expectNoProblems();
});

test('an unknown scenario shows the not-found view listing every scenario', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=nope&lang=en');
  const notFound = page.getByTestId('not-found');
  await expect(notFound).toBeVisible();
  await expect(page.getByTestId('not-found-id')).toHaveText('nope');
  await expect(pg.scenario).toHaveCount(0);

  const sidebarIds = await pg.sidebar
    .getByTestId('sidebar-link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('data-scenario')));
  const listed = notFound.locator('li a');
  await expect(listed).toHaveCount(sidebarIds.length);
  for (const id of sidebarIds) await expect(notFound.locator('code', { hasText: id! }).first()).toBeVisible();

  await notFound.locator('a[href="?demo=gather"]').click();
  await expect(pg.scenario).toHaveAttribute('data-scenario', 'gather');
  pg.expectNoProblems();
});

test.describe('markup in a link is shown as text', () => {
  const payload = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

  test('in the scenario id', async ({ page }) => {
    const pg = new Playground(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await pg.open(`demo=${encodeURIComponent(payload)}&lang=en`);
    const id = page.getByTestId('not-found-id');
    await expect(id).toBeVisible();
    // Shown as typed (the page keeps at most 60 characters).
    expect(payload.startsWith((await id.textContent())!.replace(/…$/, ''))).toBe(true);
    await expect(id).toContainText('<script>window.__pwned=1</script>');
    await expect(page.locator('main script, main img')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    pg.expectNoProblems();
  });

  test('in a parameter value and a key', async ({ page }) => {
    const pg = new Playground(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const key = '<b onmouseover=alert(1)>k</b>';
    await pg.open(`demo=sync-vs-async&users=${encodeURIComponent(payload)}&${encodeURIComponent(key)}=1&lang=en`);
    await expect(pg.linkError).toBeVisible();
    const users = pg.linkError.locator('[data-testid="refusal"][data-key="users"]');
    await expect(users).toContainText('users=<script>window.__pwned=1</script>');
    await expect(pg.linkError.locator(`[data-testid="refusal"][data-key="${key}"]`)).toContainText(key);
    await expect(page.locator('main script, main img, main b')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(pg.paramInput('users')).toHaveValue('3');
    expect(dialogs).toEqual([]);
    pg.expectNoProblems();
  });
});
