// Collects everything the page reports as a problem: console errors and
// warnings, and uncaught exceptions (a Rust panic arrives as one of these).
import type { Page } from '@playwright/test';

export function collectConsoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    // A scenario's simulated server may answer with an error status on
    // purpose (error-handling's 404): Chromium logs it, as it should.
    if (isSimulatedNetwork(msg.location().url) && msg.text().startsWith('Failed to load resource')) return;
    if (msg.type() === 'error' || msg.type() === 'warning') {
      problems.push(`console.${msg.type()}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && !(isSimulatedNetwork(res.url()) && res.fromServiceWorker())) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

/** A request to the scenarios' simulated server, which the page's service
 * worker answers (js/sw.js). */
function isSimulatedNetwork(url: string): boolean {
  try {
    return new URL(url).pathname.includes('/net/');
  } catch {
    return false;
  }
}
