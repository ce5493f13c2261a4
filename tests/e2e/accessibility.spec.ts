// The shell passes axe's WCAG 2.1 A/AA rules (landmarks, contrast, names).
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

test('the page has no accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('sidebar')).toBeVisible();

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();

  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`);
  expect(summary).toEqual([]);
});
