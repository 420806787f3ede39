import { planCharts, renderSvgs } from '@finlake/report';
import { ADVERSE_COLOUR, FAVOURABLE_COLOUR, varianceChart } from './charts';
import { ledgerReport } from './page';
import { ledgerReportSample } from './sample';
import { budgetVersions, departmentMonths, months } from './summary';

const data = ledgerReportSample();
const [v1] = budgetVersions(data.figures);

type BarSpec = { title: string; data: { values: { month: string; variance: number; reading: string }[] }; encoding: { x: { sort: string[] }; color: { scale: { domain: string[]; range: string[] } } } };

describe('the variance chart', () => {
  const chart = varianceChart(departmentMonths(data.figures, v1!), months(data.figures), v1!, 'USD')!;
  const panels = (chart.spec as unknown as { vconcat: BarSpec[] }).vconcat;

  it('has one panel per department, months in calendar order on every one', () => {
    expect(panels.map((p) => p.title)).toEqual(['D101 Operations', 'D102 Technology', 'D103 Marketing <b>']);
    for (const p of panels) expect(p.encoding.x.sort).toEqual(['Jan 2024', 'Feb 2024', 'Mar 2024']);
    expect(panels[0]!.data.values).toEqual([
      { month: 'Jan 2024', variance: -500, reading: 'favourable' },
      { month: 'Mar 2024', variance: -300, reading: 'favourable' },
    ]);
  });

  it('colours a bar by favourability, the same green and red as the tables', () => {
    expect(panels[1]!.data.values).toEqual([{ month: 'Feb 2024', variance: 2000, reading: 'adverse' }]);
    expect(panels[2]!.data.values[0]).toEqual({ month: 'Feb 2024', variance: 200, reading: 'favourable' });
    expect(panels[0]!.encoding.color.scale.range.slice(0, 2)).toEqual([FAVOURABLE_COLOUR, ADVERSE_COLOUR]);
  });

  it('describes every bar for screen readers', () => {
    expect(chart.description).toContain('D102 Technology Feb 2024: $2,000.00 adverse');
    expect(chart.id).toBe('chart-variance-v1-budget-v1');
  });

  it('is one chart per version, and none without months', () => {
    expect(planCharts(data, ledgerReport).map((c) => c.id)).toEqual(['chart-variance-v1-budget-v1', 'chart-variance-v2-forecast-q2-re']);
    expect(varianceChart([], [], v1!, 'USD')).toBeNull();
  });

  it('renders to SVG without warnings, names escaped', async () => {
    const { svgs, warnings } = await renderSvgs(planCharts(data, ledgerReport).map((c) => c.spec));
    expect(warnings).toEqual([]);
    expect(svgs).toHaveLength(2);
    expect(svgs[0]).toContain('D103 Marketing &lt;b&gt;');
    expect(svgs[0]).not.toContain('<b>');
    expect(svgs[0]).toContain(`fill="${ADVERSE_COLOUR}"`);
    expect(svgs[0]).toContain(`fill="${FAVOURABLE_COLOUR}"`);
  });
});
