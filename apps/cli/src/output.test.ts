/** How a mart or the quarantine reads on a terminal (renderTable). */
import { renderTable, showWideTables } from './output';

describe('renderTable', () => {
  const lines = (text: string) => text.split('\n').map((l) => l.trim());

  it('groups amounts and counts, keeps exact decimal text, shows a statistic to 4 decimals and NULL as a dash', () => {
    const text = renderTable([{ revenue: '1234567.89', hits: 1500, dau_mau_ratio: 0.19607843137254902, share: null }]);
    expect(lines(text)).toContainEqual(expect.stringMatching(/1,234,567\.89 .* 1,500 .* 0\.1961 .* –/));
  });

  it('shows ids, line numbers, years and raw field text as they are (no separators)', () => {
    const text = renderTable([{ line_number: 12345, raw_value: '174926847', device_id: '174926847', current_year: 1982, reason_code: 'UNKNOWN_DEVICE' }]);
    expect(text).toContain('12345');
    expect(text).toContain('1982');
    expect(text.match(/174926847/g)).toHaveLength(2);
    expect(text).not.toContain('174,926,847');
  });

  it('keeps a table within 100 columns, naming the columns it leaves out; --wide shows them all', () => {
    const row = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`column_${i}`, 'x'.repeat(10)]));
    const text = renderTable([row]);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(text).toMatch(/\(\d+ more columns not shown(: [a-z_0-9, ]+)?; --wide or --json shows them\)/);
    expect(text).not.toContain('column_11');
    showWideTables(true);
    try {
      const wide = renderTable([row]);
      expect(wide).toContain('column_11');
      expect(wide).not.toContain('not shown');
    } finally {
      showWideTables(false);
    }
  });
});
