// End-to-end tests against the release build in dist/, served by a plain
// static server, in the system Chromium (no Playwright browser download).
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(__dirname, '..', '..', 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  throw new Error(`no release build in ${dist}: run \`make build\` (or \`make test\`) first`);
}

/** Chromium flags for a closed network and a container without /dev/shm room. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

// The server picks a free port and prints it; Playwright copies the named
// group into process.env.E2E_PORT before the workers start.
const port = process.env.E2E_PORT;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: join(__dirname, '..', '..', 'test-results'),
  forbidOnly: true,
  retries: 0,
  workers: 1,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    baseURL: port ? `http://127.0.0.1:${port}` : undefined,
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'off',
    screenshot: 'off',
  },
  webServer: {
    command: `node static-server.mjs "${dist}"`,
    cwd: __dirname,
    wait: { stdout: /on http:\/\/127\.0\.0\.1:(?<e2e_port>\d+)\// },
    stdout: 'ignore',
    stderr: 'pipe',
    timeout: 10_000,
    reuseExistingServer: false,
  },
});
