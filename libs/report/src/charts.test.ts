import { qualityChart } from './charts';
import { quarantineByBatch, type Quality } from './quality';
import { accessibleSvg, renderSvgs } from './svg';

const batch = (id: string, file: string) => ({ batch_id: id.repeat(64), file_name: file, entity: 'e', rows_read: 3, rows_loaded: 1, rows_quarantined: 2, loaded_at: '2025-06-30 12:00:00' });
const quality: Pick<Quality, 'batches' | 'quarantine'> = {
  batches: [batch('a', 'a.csv'), batch('b', 'b.csv')],
  quarantine: [
    { batch_id: 'b'.repeat(64), reason_code: 'INVALID_NUMBER', rows: 1 },
    { batch_id: 'b'.repeat(64), reason_code: 'REQUIRED_MISSING', rows: 2 },
  ],
};

describe('the quality chart', () => {
  it('charts the batches with quarantined rows, and says what it shows', async () => {
    const chart = qualityChart(quarantineByBatch(quality))!;
    expect(chart.description).toContain('for 1 batch(es): b.csv · bbbbbbbbbbbb: REQUIRED_MISSING 2, INVALID_NUMBER 1. Source: meta.quarantine.');
    const { svgs, warnings } = await renderSvgs([chart.spec]);
    expect(warnings).toEqual([]);
    expect(svgs[0]).toContain('REQUIRED_MISSING');
  });

  it('is left out when nothing was quarantined', () => {
    expect(qualityChart(quarantineByBatch({ ...quality, quarantine: [] }))).toBeNull();
  });
});

describe('rendering to SVG', () => {
  it('makes an SVG an accessible image with an escaped title and description', () => {
    const svg = accessibleSvg('<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="10" height="10"><g/></svg>', 'Margin <by> channel', 'Lines & "points"');
    expect(svg).toBe('<svg role="img" xmlns="http://www.w3.org/2000/svg" class="marks" width="10" height="10"><title>Margin &lt;by&gt; channel</title><desc>Lines &amp; &quot;points&quot;</desc><g/></svg>');
    expect(() => accessibleSvg('<div/>', 't', 'd')).toThrow('Failed to render the report charts');
  });
});
