/** Text from input files is data: product names that look like markup or formulas stay text. */
import type { Engine } from '@finlake/engine';
import { HOSTILE_NAMES, hostileInput, memoryEngine, run } from '@finlake/pipeline/testing';
import { tableCells } from '@finlake/report/testing';
import { buildReport, loadReportData } from '@finlake/report';
import { reportSubject } from './commands/report';

const commerce = reportSubject('commerce');

/** Every start tag with its attribute names; attribute values are double-quoted, as the report writes them. */
function startTags(html: string): { name: string; attributes: string[] }[] {
  return [...html.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attributes: [...m[2]!.matchAll(/\s([\w:-]+)(?:="[^"]*")?/g)].map((a) => a[1]!.toLowerCase()),
  }));
}

describe('a report of hostile input', () => {
  let engine: Engine;
  let html: string;
  beforeAll(async () => {
    engine = await memoryEngine();
    expect((await run(engine, hostileInput(), { maxQuarantineRate: 0.5 })).status).toBe('published');
    html = (await buildReport(await loadReportData(engine, commerce), commerce.report)).html;
  });
  afterAll(() => engine.close());

  it('has no markup from the data: no script, no img, no event handler', () => {
    const tags = startTags(html);
    expect(tags.filter((t) => ['script', 'img', 'iframe', 'object', 'link', 'a'].includes(t.name))).toEqual([]);
    expect(tags.filter((t) => t.attributes.some((a) => a.startsWith('on') || a === 'href' || a === 'src'))).toEqual([]);
    // Every "<" starts one of those tags, an end tag or the doctype: none comes from the data.
    expect(html.replace(/<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>|<\/[a-zA-Z][\w:-]*>|<!doctype html>/g, '')).not.toContain('<');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; | pipe');
    expect(html).toContain('Rain &quot;Jacket&quot; &lt;img src=x onerror=alert(2)&gt; &amp; &#39;co&#39;');
  });

  it('escapes the names inside the SVG charts too (axis labels, aria-labels, <desc>)', () => {
    const svgs = html.match(/<svg role="img"[\s\S]*?<\/svg>/g)!;
    const products = svgs.find((s) => s.includes('<title>Top 3 products by gross margin</title>'))!;
    expect(products).toContain('&lt;script&gt;alert(1)&lt;/script&gt; | pipe (P2)');
    expect(products).toMatch(/<desc>[^<]*&lt;script&gt;/);
    expect(products).not.toMatch(/<script|<img/);
  });

  it('shows formula-like names as the text they are', () => {
    // Cells read back (unescaped) equal the raw names: nothing was evaluated or dropped.
    const names = tableCells(html, 'table-products').map((r) => r[1]);
    expect(names.sort()).toEqual(Object.entries(HOSTILE_NAMES).map(([id, name]) => `${name} (${id})`).sort());
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;) (P1)');
  });

  it('charts the quarantined rows of each batch by reason code', () => {
    expect(html).toContain('<title>Quarantined rows by reason code, per batch</title>');
    expect(html).toMatch(/<desc>[^<]*transactions\.csv · [0-9a-f]{12}: [A-Z_]+ 1, [A-Z_]+ 1, [A-Z_]+ 1[^<]*<\/desc>/);
    expect(html).toMatch(/cogs\.csv · [0-9a-f]{12}: INVALID_DATE 1/);
  });
});
