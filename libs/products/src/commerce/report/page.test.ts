import { renderReport } from '@finlake/report';
import { commerceReportSample } from '../../../testing';
import { commerceReport } from './page';

describe('the report page (without charts)', () => {
  const html = renderReport(commerceReportSample(), commerceReport, new Map());

  it('has no scripts, no external references and unique ids', () => {
    expect(html).not.toMatch(/<script|javascript:|\bsrc=|<link|@import|url\(/i);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stamps the data\'s own "as of" and batch ids, never the time it was written', () => {
    expect(html).toContain('Data as of Feb 2024 · covers Jan 2024 – Feb 2024 · loaded <time datetime="2025-06-30T12:00:02Z">2025-06-30 12:00 UTC</time> (latest batch) · 2 batch(es): <code>aaaaaaaaaaaa</code>, <code>bbbbbbbbbbbb</code>');
    expect(renderReport(commerceReportSample(), commerceReport, new Map())).toBe(html);
  });

  it('shows a note instead of a chart that was not rendered, and failed gate checks in their own table', () => {
    expect(html).toContain('<p data-testid="chart-margin-empty">');
    expect(html).toContain('1 of 2 checks passed');
    expect(html).toContain('<table data-testid="table-gate-failed">');
    expect(html).toContain('not_null(&lt;x&gt;)');
  });

  it('warns when the latest run was blocked: the figures are the last published ones', () => {
    const sample = commerceReportSample();
    const blocked = renderReport({ ...sample, quality: { ...sample.quality, latestRun: { run_id: 'R2', status: 'blocked', finished_at: '2025-07-01 08:00:00', message: 'x <b>' } } }, commerceReport, new Map());
    expect(blocked).toContain('<p class="warning" role="status">The latest run (<code>R2</code>, 2025-07-01 08:00 UTC) was blocked: x &lt;b&gt; The figures below are the last published data.</p>');
    expect(html).not.toContain('class="warning"');
  });

  it('names its sources in the footer, under the product\'s own schema', () => {
    expect(html).toContain('<footer>Figures come from the published marts mart_monthly_channel_margin, mart_channel_roas and mart_product_margin of commerce_warehouse; data quality from meta.ledger, meta.quarantine and meta.gate_results. Money in USD; months in UTC. Written by finlake report commerce.</footer>');
  });
});
