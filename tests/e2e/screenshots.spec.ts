// Full-page screenshots of every scenario after a virtual run, in both
// languages and both colour schemes, plus the self-check and not-found views
// and the 375 px layout, into tests/e2e/screenshots/ (git-ignored) for a
// person to look at. One page per colour scheme, reused: scenarios are opened
// from the sidebar and the language from its switch, as a reader would.
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Playground, scenarioIds } from './pages/playground';

const DIR = join(__dirname, 'screenshots');
mkdirSync(DIR, { recursive: true });

const shot = (page: Page, name: string) => page.screenshot({ path: join(DIR, `${name}.png`), fullPage: true });

test.use({ locale: 'en-US' });

for (const scheme of ['light', 'dark'] as const) {
  test(`every scenario after a virtual run, ${scheme}, in both languages`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    const pg = new Playground(page);
    await pg.open('demo=sync-vs-async&mode=virtual&lang=zh');
    const ids = await scenarioIds(page);
    expect(ids).toHaveLength(26);

    for (const lang of ['zh', 'en'] as const) {
      await pg.setLang(lang);
      for (const id of ids) {
        await pg.openScenario(id);
        await expect(pg.mode).toHaveValue('virtual');
        await pg.runToEnd();
        await expect(pg.timelineSvg.locator('g.run-header').first()).toBeVisible();
        await shot(page, `${scheme}-${lang}-${id}`);
      }
      await page.getByTestId('check-link').click();
      await expect(page.getByTestId('check-row').first()).toBeVisible();
      await shot(page, `${scheme}-${lang}-check`);
    }
    await pg.open(`demo=${encodeURIComponent('<b>nope</b>')}&lang=zh`);
    await expect(page.getByTestId('not-found')).toBeVisible();
    await shot(page, `${scheme}-zh-not-found`);
    await pg.open('demo=sync-vs-async&users=abc&latency_ms=999999&colour=blue&mode=fast&lang=en');
    await expect(pg.linkError).toBeVisible();
    await shot(page, `${scheme}-en-link-error`);
    pg.expectNoProblems();
  });
}

test.describe('375 px wide', () => {
  test.use({ viewport: { width: 375, height: 740 }, hasTouch: true });

  test('a scenario, the open menu and the self-check, both schemes and languages', async ({ page }) => {
    const pg = new Playground(page);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const lang of ['zh', 'en'] as const) {
        await page.goto(`/?demo=sync-vs-async&mode=virtual&lang=${lang}&run=1`);
        await pg.expectState('done');
        await shot(page, `375-${scheme}-${lang}-sync-vs-async`);
        await page.getByTestId('menu-toggle').click();
        await expect(pg.sidebar).toBeVisible();
        await page.screenshot({ path: join(DIR, `375-${scheme}-${lang}-menu.png`) });
        await pg.sidebarLink('semaphore').click();
        await pg.runToEnd();
        await shot(page, `375-${scheme}-${lang}-semaphore`);
        await page.goto(`/?demo=check&lang=${lang}`);
        await expect(page.getByTestId('check-row').first()).toBeVisible();
        await shot(page, `375-${scheme}-${lang}-check`);
      }
    }
    pg.expectNoProblems();
  });
});
