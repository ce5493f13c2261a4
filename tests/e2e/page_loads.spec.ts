// Opening the site: the release build starts, renders the shell, and says
// nothing on the console.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { collectConsoleProblems } from './console';

const SCREENSHOTS = join(__dirname, 'screenshots');

test('the page loads with its title and sidebar and no console problems', async ({ page }) => {
  const problems = collectConsoleProblems(page);

  await page.goto('/');

  await expect(page).toHaveTitle('Async Playground');
  await expect(page.getByRole('heading', { level: 1, name: 'Async Playground' })).toBeVisible();
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await expect(page.locator('main')).toBeVisible();
  // Let late requests (favicon) and deferred warnings arrive before judging.
  await page.waitForLoadState('networkidle');

  await page.screenshot({ path: join(SCREENSHOTS, 'page_loads.png'), fullPage: true });
  expect(problems).toEqual([]);
});

// Guards the deploy rule in the README: state lives in the query string, so a
// plain static server needs no rewrites.
test('a shared link with a query string loads from a plain static server', async ({ page }) => {
  const problems = collectConsoleProblems(page);

  await page.goto('/?demo=gather');

  await expect(page.getByTestId('sidebar')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(problems).toEqual([]);
});
