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

  it('rows and cells take extra classes from the data, escaped', () => {
    const html = htmlTable('t', 'c', [{ header: 'V', numeric: true, cell: (r: { v: string; c?: string }) => r.v, className: (r) => r.c }], [{ v: '1', c: 'good' }, { v: '2' }], {
      rowClass: (r) => (r.c ? 'subtotal "x"' : undefined),
    });
    expect(html).toContain('<tr class="subtotal &quot;x&quot;"><td class="num good">1</td></tr>');
    expect(html).toContain('<tr><td class="num">2</td></tr>');
  });

  it('a header row can group the columns', () => {
    const html = htmlTable('t', 'c', [{ header: 'A', cell: (r: { a: string }) => r.a }, { header: 'B', numeric: true, cell: (r) => r.a }, { header: 'C', cell: (r) => r.a }], [{ a: 'x' }], {
      headerGroups: [{ header: '', span: 1 }, { header: 'Month <1>', span: 2 }],
    });
    expect(html).toContain('<thead><tr><th class="group"></th><th scope="colgroup" colspan="2" class="group">Month &lt;1&gt;</th></tr>\n<tr><th scope="col">A</th>');
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
