import { escapeHtml } from './escape';
import { CONTENT_SECURITY_POLICY, htmlTable, pageHtml, tilesHtml } from './html';
import { renderReport } from './report';
import { sampleData } from '../testing';

describe('HTML building blocks', () => {
  it('escapes text for elements and attributes, and drops control characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u001bc\td\ne')).toBe('abc\td\ne');
    expect(escapeHtml(null)).toBe('');
  });

  it('tables have <th> headers, numeric cells right-aligned, and escaped cells', () => {
    const html = htmlTable('t', 'Caption <1>', [{ header: 'Name', cell: (r: { n: string; v: string | null }) => r.n }, { header: 'Value', numeric: true, cell: (r) => r.v }], [
      { n: '<script>x</script>', v: '1,234' },
      { n: 'b', v: null },
    ]);
    expect(html).toContain('<caption>Caption &lt;1&gt;</caption>');
    expect(html).toContain('<thead><tr><th scope="col">Name</th><th scope="col" class="num">Value</th></tr></thead>');
    expect(html).toContain('<tr><td>&lt;script&gt;x&lt;/script&gt;</td><td class="num">1,234</td></tr>');
    expect(html).toContain('<tr><td>b</td><td class="num">–</td></tr>');
  });

  it('tiles carry their KPI id', () => {
    expect(tilesHtml([{ id: 'net_revenue', label: 'Net revenue', value: '$1.00', note: 'n', tone: 'bad' }])).toContain(
      '<li class="tile" data-kpi="net_revenue"><span class="label">Net revenue</span><span class="value bad">$1.00</span><span class="note">n</span></li>',
    );
  });

  it('the page forbids scripts and every request through its Content-Security-Policy', () => {
    const html = pageHtml({ title: 'T <x>', header: '', sections: [], footer: 'f' });
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`.replace(/'/g, '&#39;'));
    expect(html).toContain('<title>T &lt;x&gt;</title>');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
  });
});

describe('the report page (without charts)', () => {
  const html = renderReport(sampleData(), new Map());

  it('has no scripts, no external references and unique ids', () => {
    expect(html).not.toMatch(/<script|javascript:|\bsrc=|<link|@import|url\(/i);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stamps the data\'s own "as of" and batch ids, never the time it was written', () => {
    expect(html).toContain('Data as of <time datetime="2025-06-30T12:00:02Z">2025-06-30 12:00 UTC</time> (latest batch loaded) · covers Jan 2024 – Feb 2024 · 2 batch(es): <code>aaaaaaaaaaaa</code>, <code>bbbbbbbbbbbb</code>');
    expect(renderReport(sampleData(), new Map())).toBe(html);
  });

  it('shows a note instead of a chart that was not rendered, and failed gate checks in their own table', () => {
    expect(html).toContain('<p data-testid="chart-margin-empty">');
    expect(html).toContain('1 of 2 checks passed');
    expect(html).toContain('<table data-testid="table-gate-failed">');
    expect(html).toContain('not_null(&lt;x&gt;)');
  });

  it('warns when the latest run was blocked: the figures are the last published ones', () => {
    const blocked = renderReport({ ...sampleData(), latestRun: { run_id: 'R2', status: 'blocked', finished_at: '2025-07-01 08:00:00', message: 'x <b>' } }, new Map());
    expect(blocked).toContain('<p class="warning" role="status">The latest run (<code>R2</code>, 2025-07-01 08:00 UTC) was blocked: x &lt;b&gt; The figures below are the last published data.</p>');
    expect(html).not.toContain('class="warning"');
  });
});
