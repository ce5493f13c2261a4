// axe-core's WCAG 2.1 A/AA rules on every kind of view, in both colour
// schemes: a scenario before and after a run (with its table and trace JSON
// opened), the self-check, the not-found view and the link-error banner.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { Playground } from './pages/playground';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Violations of the given impacts, one line each, naming the nodes. */
async function violations(page: Page, impacts: string[] | null): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations
    .filter((v) => impacts === null || impacts.includes(v.impact ?? ''))
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const serious = (page: Page) => violations(page, ['serious', 'critical']);

test.use({ locale: 'en-US' });

test('the page has no accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await expect(page.getByTestId('scenario')).toBeVisible();
  expect(await violations(page, null)).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });

    test('a scenario before and after a run has no serious violations', async ({ page }) => {
      const pg = new Playground(page);
      await pg.open('demo=semaphore&mode=virtual&lang=en');
      await expect(pg.scenario).toBeVisible();
      expect(await serious(page)).toEqual([]);

      await pg.runToEnd();
      await page.getByTestId('table-view').locator('summary').click();
      await page.getByTestId('export-panel').locator('summary').click();
      await expect(page.getByTestId('trace-json')).toBeVisible();
      expect(await serious(page)).toEqual([]);

      // The same in Chinese, after a run with several variants.
      await pg.setLang('zh');
      await pg.openScenario('gather');
      await pg.runToEnd();
      expect(await serious(page)).toEqual([]);
      pg.expectNoProblems();
    });

    test('the self-check, not-found and link-error views have no serious violations', async ({ page }) => {
      const pg = new Playground(page);
      await pg.open('demo=check&lang=en');
      await expect(page.getByTestId('check-row').first()).toBeVisible();
      expect(await serious(page)).toEqual([]);

      await pg.open('demo=nope&lang=zh');
      await expect(page.getByTestId('not-found')).toBeVisible();
      expect(await serious(page)).toEqual([]);

      await pg.open('demo=sync-vs-async&users=abc&mode=fast&lang=en');
      await expect(pg.linkError).toBeVisible();
      expect(await serious(page)).toEqual([]);
      pg.expectNoProblems();
    });

    test('on a 375 px screen, the open menu and the stacked self-check have no serious violations', async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 740 });
      const pg = new Playground(page);
      await page.goto('/?demo=check&lang=zh');
      await expect(page.getByTestId('check-row').first()).toBeVisible();
      expect(await serious(page)).toEqual([]);
      await page.getByTestId('menu-toggle').click();
      await expect(pg.sidebar).toBeVisible();
      expect(await serious(page)).toEqual([]);
      pg.expectNoProblems();
    });
  });
}
