/** Ctrl-C during a run: exit 130, the terminal's cursor back, nothing published, `interrupted` in status; the rerun loads everything. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '@finlake/pipeline/testing';
import { cliArgs, finlake } from '../testing';

describe('an interrupted run', () => {
  const input = tempDir('finlake-interrupt-');
  beforeAll(() => {
    expect(finlake(['generate', 'commerce', '--rows', '300000', '--seed', '3', '--out', input]).status).toBe(0);
  });

  it('exits 130 with a message when SIGINT arrives mid-run, publishes nothing, and the rerun publishes', async () => {
    const db = join(tempDir(), 'w.duckdb');
    const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [...cliArgs(), '--db', db, 'run', 'commerce', '--input', input, '--no-marts'], { env: { ...process.env, NO_COLOR: '1' } });
      let stderr = '';
      let sent = false;
      child.stderr.on('data', (d) => {
        stderr += d;
        // The first progress line: the run has started reading files.
        if (!sent && stderr.includes('file(s)')) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', (status) => resolve({ status, stderr }));
    });
    expect(result.status).toBe(130);
    expect(result.stderr).toContain('finlake: interrupted. A run stopped before its publish committed leaves the published tables as they were');
    const status = JSON.parse(finlake(['--db', db, '--json', 'status']).stdout);
    expect(status.ledger).toEqual([]);
    // The run recorded that it started; it never recorded an outcome.
    expect(status.runs.map((r: { product: string; status: string }) => [r.product, r.status])).toEqual([['commerce', 'interrupted']]);
    const rerun = finlake(['--db', db, '--json', 'run', 'commerce', '--input', input]);
    expect([rerun.status, JSON.parse(rerun.stdout).status]).toEqual([0, 'published']);
    expect(JSON.parse(finlake(['--db', db, '--json', 'status']).stdout).runs.map((r: { status: string }) => r.status)).toEqual(['published', 'interrupted']);
  }, 120_000);
});
