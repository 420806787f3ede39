import { PALETTE, planCharts as planReportCharts, renderSvgs } from '@finlake/report';
import { commerceReportSample } from '../../../testing';
import { marginChart, productsChart, roasChart } from './charts';
import { commerceReport } from './page';
import { channelOrder, channelRoas } from './summary';

const sampleData = () => commerceReportSample().figures;
const planCharts = (data = commerceReportSample()) => planReportCharts(data, commerceReport);

describe('chart specs', () => {
  const data = sampleData();
  const channels = channelOrder(data);

  it('use UTC months only, so the SVG is the same in every time zone', () => {
    const spec = JSON.stringify(planCharts().map((c) => c.spec));
    expect(spec).toContain('"timeUnit":"utcyearmonth"');
    expect(spec).not.toMatch(/"timeUnit":"(year|month|yearmonth|date)/);
    expect(spec).toContain('"month":"2024-01-01T00:00:00Z"');
  });

  it('give a channel the same colour in every chart', () => {
    const margin = marginChart(data.monthly, channels, 'USD').spec as { encoding: { color: { scale: { domain: string[]; range: string[] } } } };
    expect(margin.encoding.color.scale.domain).toEqual(['Amazon', 'eBay', 'Online Store']);
    expect(margin.encoding.color.scale.range).toEqual(PALETTE.slice(0, 3));
    const roas = roasChart(channelRoas(data.roas), channels).spec as { data: { values: { channel: string; colour: string }[] } };
    expect(roas.data.values.map((v) => [v.channel, v.colour])).toEqual([
      ['Amazon', PALETTE[0]],
      ['Online Store', PALETTE[2]],
    ]);
  });

  it('leave channels without spend out of the ROAS bars and say so', () => {
    const roas = roasChart(channelRoas(data.roas), channels);
    expect(roas.description).toContain('No spend: eBay.');
    expect(roas.description).toContain('Amazon 5.01×');
  });

  it('describe what they show for screen readers', () => {
    expect(productsChart(data.products, 'USD').description).toContain('First <b> (P1) $15.00');
    expect(planCharts().find((c) => c.id === 'chart-quality')!.description).toContain('transactions.csv · bbbbbbbbbbbb: REQUIRED_MISSING 2, INVALID_NUMBER 1');
  });

  it('have no quality chart when nothing was quarantined', () => {
    const sample = commerceReportSample();
    expect(planCharts({ ...sample, quality: { ...sample.quality, quarantine: [] } }).map((c) => c.id)).toEqual(['chart-margin', 'chart-roas', 'chart-products']);
  });
});

describe('rendering to SVG', () => {
  it('renders every chart without warnings, byte-identical on every render and in any time zone', async () => {
    const specs = planCharts().map((c) => c.spec);
    const first = await renderSvgs(specs);
    expect(first.warnings).toEqual([]);
    expect(first.svgs).toHaveLength(4);
    for (const svg of first.svgs) {
      expect(svg).toMatch(/^<svg [^>]*class="marks"[^>]*viewBox="/);
      expect(svg).toContain('role-mark');
      // Vega's SVG has no ids and no <style>: several charts can share one page.
      expect(svg).not.toMatch(/\sid="|<style/);
    }
    const tz = process.env.TZ;
    process.env.TZ = 'Pacific/Auckland';
    try {
      expect((await renderSvgs(specs)).svgs).toEqual(first.svgs);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('escapes data text in the SVG', async () => {
    const data = sampleData();
    const { svgs } = await renderSvgs([productsChart(data.products, 'USD').spec]);
    expect(svgs[0]).toContain('First &lt;b&gt; (P1)');
    expect(svgs[0]).not.toContain('<b>');
  });

});
