import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDbEngine } from '@finlake/engine-duckdb';
import { GOLDEN, tempDir } from '@finlake/pipeline/testing';
import { openerFor } from './commands/report';
import { cliArgs, finlake } from '../testing';

describe('finlake report', () => {
  const dir = tempDir();
  const db = join(dir, 'w.duckdb');
  beforeAll(() => {
    expect(finlake(['--db', db, 'run', 'commerce', '--input', GOLDEN, '--no-marts']).status).toBe(0);
  });

  it('writes the HTML report and prints the key figures and the marts as tables', () => {
    const out = join(dir, 'nested', 'commerce.html');
    const r = finlake(['--db', db, 'report', 'commerce', '--out', out]);
    expect(r.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<span class="value">$463.97</span>');
    expect(r.stderr).toContain(`Wrote ${out}`);
    // Numbers right-aligned with separators (renderTable), no colour without a terminal.
    expect(r.stdout).toMatch(/│ net revenue \(USD\)\s+│\s+463\.97 │/);
    expect(r.stdout).toMatch(/│ contribution margin %\s+│\s+46\.9 │/);
    expect(r.stdout).toContain('mart_product_margin');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('is byte-identical on every run, in every time zone, and after a re-run that loads nothing new', () => {
    const [a, b, c] = [join(dir, 'a.html'), join(dir, 'b.html'), join(dir, 'c.html')];
    expect(finlake(['--db', db, 'report', '--out', a], { TZ: 'UTC' }).status).toBe(0);
    expect(finlake(['--db', db, 'report', '--out', b], { TZ: 'Pacific/Auckland' }).status).toBe(0);
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
    expect(finlake(['--db', db, 'run', 'commerce', '--input', GOLDEN, '--no-marts']).status).toBe(0);
    expect(finlake(['--db', db, 'report', '--out', c]).status).toBe(0);
    expect(readFileSync(c).equals(readFileSync(a))).toBe(true);
  });

  it('--json gives the file, the totals and the marts', () => {
    const out = join(dir, 'j.html');
    const r = finlake(['--db', db, '--json', 'report', '--out', out]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ file: out, format: 'html', totals: { netRevenue: '463.97', marketingSpend: '395.75', roas: '1.1724' } });
    expect(json.marts.mart_product_margin).toHaveLength(3);
  });

  it('writes Markdown tables instead when --out ends in .md', () => {
    const out = join(dir, 'r.md');
    expect(finlake(['--db', db, 'report', '--out', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# finlake report: commerce\n/);
  });

  it('says what to do when nothing is published yet (exit 2)', async () => {
    const empty = join(tempDir(), 'empty.duckdb');
    await (await DuckDbEngine.create({ path: empty })).close();
    const r = finlake(['--db', empty, 'report']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Nothing published for commerce');
  });

  describe('--open', () => {
    it.each([
      ['linux', 'xdg-open', ['/r.html']],
      ['darwin', 'open', ['/r.html']],
      ['win32', 'cmd', ['/c', 'start', '""', '/r.html']],
    ] as const)('on %s uses %s', (platform, command, args) => {
      expect(openerFor(platform, '/r.html')).toEqual({ command, args });
    });

    (process.platform === 'linux' ? it : it.skip)('opens the report with the platform opener', async () => {
      const bin = join(tempDir(), 'bin');
      mkdirSync(bin);
      const marker = join(bin, 'opened');
      writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${marker}'\n`);
      chmodSync(join(bin, 'xdg-open'), 0o755);
      const out = join(dir, 'open.html');
      const r = finlake(['--db', db, 'report', '--out', out, '--open'], { PATH: bin });
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('with xdg-open');
      for (let i = 0; i < 50 && !existsSync(marker); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(readFileSync(marker, 'utf8')).toBe(out);
    });

    it('prints a hint and still succeeds when there is no opener', () => {
      const out = join(dir, 'no-opener.html');
      const r = finlake(['--db', db, 'report', '--out', out, '--open'], { PATH: tempDir() });
      expect(r.status).toBe(0);
      expect(r.stderr).toContain(`in a browser.`);
      expect(r.stderr).toContain(`file://${out}`);
    });
  });

  it('`finlake run` on the default warehouse ends by writing reports/<product>.html and printing its path', () => {
    const cwd = tempDir();
    const r = spawnSync(process.execPath, [...cliArgs(), 'run', 'commerce', '--input', GOLDEN], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FINLAKE_FAILPOINT: '' },
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`Report: ${join('reports', 'commerce.html')}`);
    expect(readFileSync(join(cwd, 'reports', 'commerce.html'), 'utf8')).toContain('$463.97');
  });
});
