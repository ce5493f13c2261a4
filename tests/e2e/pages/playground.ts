// Page object for the playground, as a user sees it: open a link, pick a
// scenario, set parameters, run, read what the run showed. Only the test hooks
// the page documents (data-testid and the data-* attributes) are used.
import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { collectConsoleProblems } from '../console';

export type RunState = 'idle' | 'running' | 'done' | 'stopped' | 'error';

export class Playground {
  /** Console errors/warnings, page errors, failed requests since construction. */
  readonly problems: string[];

  constructor(readonly page: Page) {
    this.problems = collectConsoleProblems(page);
  }

  /** Opens `/?<query>` (without the leading `?`, or empty) and waits for the shell. */
  async open(query = ''): Promise<void> {
    await this.page.goto(query ? `/?${query}` : '/');
    await expect(this.sidebar).toBeVisible();
  }

  get sidebar(): Locator {
    return this.page.getByTestId('sidebar');
  }
  get scenario(): Locator {
    return this.page.getByTestId('scenario');
  }
  get runButton(): Locator {
    return this.page.getByTestId('run');
  }
  get stopButton(): Locator {
    return this.page.getByTestId('stop');
  }
  get status(): Locator {
    return this.page.getByTestId('run-status');
  }
  get mode(): Locator {
    return this.page.getByTestId('mode');
  }
  get lang(): Locator {
    return this.page.getByTestId('lang');
  }
  get heartbeat(): Locator {
    return this.page.getByTestId('heartbeat');
  }
  get timelineSvg(): Locator {
    return this.page.getByTestId('timeline').locator('svg.timeline-svg');
  }
  get consoleLines(): Locator {
    return this.page.getByTestId('console-line');
  }
  get linkError(): Locator {
    return this.page.getByTestId('link-error');
  }

  sidebarLink(id: string): Locator {
    return this.sidebar.locator(`[data-testid="sidebar-link"][data-scenario="${id}"]`);
  }

  /** The run header (title, total, badge) of one variant in the timeline. */
  runHeader(variant: string): Locator {
    return this.timelineSvg.locator(`g.run-header[data-variant="${variant}"]`);
  }

  /** The typed (number or text) input of a parameter, not its slider. */
  paramInput(key: string): Locator {
    return this.page.getByTestId(`param-${key}`).locator('input:not([type="range"])');
  }

  /** Types a value the way a person does: the field applies it on change (blur). */
  async setParam(key: string, value: string | number): Promise<void> {
    const input = this.paramInput(key);
    await input.fill(String(value));
    await input.blur();
    await expect(input).toHaveValue(String(value));
  }

  async setMode(mode: 'real' | 'virtual'): Promise<void> {
    await this.mode.selectOption(mode);
    await expect(this.mode).toHaveValue(mode);
  }

  async setLang(lang: 'zh' | 'en'): Promise<void> {
    await this.lang.selectOption(lang);
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
  }

  async openScenario(id: string): Promise<void> {
    await this.sidebarLink(id).click();
    await expect(this.scenario).toHaveAttribute('data-scenario', id);
  }

  async expectState(state: RunState, timeout?: number): Promise<void> {
    await expect(this.status).toHaveAttribute('data-state', state, { timeout });
  }

  /** Clicks Run and waits until the run has finished (done), however long it takes. */
  async runToEnd(timeout = 20_000): Promise<void> {
    await this.runButton.click();
    await this.expectState('done', timeout);
  }

  /** The exported trace document, exactly as the page shows it. */
  async traceJson(): Promise<string> {
    return (await this.page.getByTestId('trace-json').textContent()) ?? '';
  }

  /** The printed text of every console line, in page order. */
  async consoleTexts(variant?: string): Promise<string[]> {
    const scope = variant
      ? this.page.locator(`.console-run[data-variant="${variant}"]`).getByTestId('console-line')
      : this.consoleLines;
    return scope.locator('.console-text').allTextContents();
  }

  async maxStallMs(): Promise<number> {
    return Number(await this.heartbeat.getAttribute('data-max-stall-ms'));
  }

  /** Asserts that nothing went wrong on the console or in the page. */
  expectNoProblems(): void {
    expect(this.problems).toEqual([]);
  }
}

/** Every label of locales/app.yml: key -> { zh, en }. */
export function appLabels(): Map<string, { zh: string; en: string }> {
  return parseLocale(readFileSync(join(__dirname, '..', '..', '..', 'locales', 'app.yml'), 'utf8'));
}

/** Every scenario label of locales/scenarios/*.yml. */
export function scenarioLabels(): Map<string, { zh: string; en: string }> {
  const dir = join(__dirname, '..', '..', '..', 'locales', 'scenarios');
  const all = new Map<string, { zh: string; en: string }>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
    for (const [k, v] of parseLocale(readFileSync(join(dir, file), 'utf8'))) all.set(k, v);
  }
  return all;
}

/** The scenario ids in sidebar order, read from the page. */
export async function scenarioIds(page: Page): Promise<string[]> {
  const ids = await page
    .getByTestId('sidebar-link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('data-scenario') ?? ''));
  expect(ids.length).toBeGreaterThan(0);
  return ids;
}

/**
 * The locale files' small YAML subset: `key:` lines, then `  zh:` / `  en:`
 * values, plain, quoted, or folded (`>-` followed by indented lines).
 */
function parseLocale(text: string): Map<string, { zh: string; en: string }> {
  const out = new Map<string, { zh: string; en: string }>();
  const lines = text.split('\n');
  let key = '';
  for (let i = 0; i < lines.length; i++) {
    const top = /^([^\s#][^:]*):\s*$/.exec(lines[i]);
    if (top) {
      key = top[1];
      out.set(key, { zh: '', en: '' });
      continue;
    }
    const lang = /^ {2}(zh|en):\s*(.*)$/.exec(lines[i]);
    if (!lang || !key) continue;
    let value = lang[2];
    if (value === '>-' || value === '>' || value === '|') {
      const parts: string[] = [];
      while (i + 1 < lines.length && /^ {4}/.test(lines[i + 1])) parts.push(lines[++i].trim());
      value = parts.join(' ');
    } else if (/^'.*'$/.test(value)) {
      value = value.slice(1, -1).replace(/''/g, "'");
    } else if (/^".*"$/.test(value)) {
      value = JSON.parse(value) as string;
    }
    out.get(key)![lang[1] as 'zh' | 'en'] = value;
  }
  return out;
}
