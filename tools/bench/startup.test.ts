import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main';
import { median, renderStartup, type StartupResults } from './startup';

const timing = (...runsMs: number[]) => ({ runsMs, medianMs: median(runsMs) });

describe('bench --startup', () => {
  it('takes the median (the lower middle of an even count)', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([5])).toBe(5);
  });

  it('reports each figure with its ratio', () => {
    const results: StartupResults = {
      startedAt: '2026-01-01T00:00:00.000Z',
      node: 'v20.0.0',
      cores: 2,
      loadAverage: [0.5, 0.7],
      product: 'commerce',
      floor: timing(40, 50, 45),
      helpCompiled: timing(90, 100, 110),
      helpSources: timing(500, 500, 500),
      noopRerun: timing(900, 900, 900),
    };
    const text = renderStartup(results);
    expect(text).toContain('median of 3');
    expect(text).toMatch(/finlake --help, compiled bin +0\.100 s {2}\(2\.22× floor\)/);
    expect(text).toMatch(/sources through tsx +0\.500 s {2}\(5\.00× compiled\)/);
    expect(text).toMatch(/no-op re-run of commerce's samples +0\.900 s {2}\(20\.0× floor\)/);
  });

  it('measures help and the no-op re-run through the compiled bin, and writes the results', async () => {
    const benchDir = mkdtempSync(join(tmpdir(), 'finlake-bench-'));
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--startup', '--repeat', '2', '--json', '--bench-dir', benchDir])).toBe(0);
      const [file] = readdirSync(join(benchDir, 'results'));
      expect(file).toMatch(/^startup-.+\.json$/);
      const results = JSON.parse(readFileSync(join(benchDir, 'results', file!), 'utf8')) as StartupResults;
      expect(results.product).toBe('commerce');
      for (const t of [results.floor, results.helpCompiled, results.helpSources, results.noopRerun]) expect(t.runsMs).toHaveLength(2);
    } finally {
      out.mockRestore();
      err.mockRestore();
      rmSync(benchDir, { recursive: true, force: true });
    }
  });
});
