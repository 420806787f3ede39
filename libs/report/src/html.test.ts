import { escapeHtml } from './escape';
import { CONTENT_SECURITY_POLICY, htmlTable, pageHtml, tilesHtml } from './html';

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
