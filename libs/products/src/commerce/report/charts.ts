/**
 * The commerce page's Vega-Lite charts: pure functions of mart rows. Months are UTC
 * (`utcyearmonth`) so the SVG is the same in every time zone; sizes are fixed because Node has
 * no container to measure (the page scales the SVG down through its viewBox).
 */
import { productSchemas } from '@finlake/contracts';
import { CHART_CONFIG, CHART_WIDTH, cycle, formatMoney, formatMonth, formatRoas, isoUtc, list, moneyAxis, MUTED, PALETTE, SHAPES, type ChartPlan } from '@finlake/report';
import type { MonthlyMarginRow, ProductMarginRow } from './figures';
import type { ChannelRoas } from './summary';

const WAREHOUSE = productSchemas('commerce').warehouse;

export function marginChart(rows: readonly MonthlyMarginRow[], channels: readonly string[], currency: string): ChartPlan {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  return {
    id: 'chart-margin',
    title: 'Monthly contribution margin by channel',
    description: `Line chart of contribution margin in ${currency} per month, ${formatMonth(months[0] ?? '')} to ${formatMonth(months[months.length - 1] ?? '')}, one line per channel: ${list(channels)}. Source: ${WAREHOUSE}.mart_monthly_channel_margin; the table below has every figure.`,
    spec: {
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: 240,
      data: { values: rows.map((r) => ({ month: isoUtc(r.month), channel: r.channel, margin: Number(r.contribution_margin) })) },
      mark: { type: 'line', point: { filled: true, size: 64 }, strokeWidth: 2 },
      encoding: {
        x: { field: 'month', type: 'temporal', timeUnit: 'utcyearmonth', title: 'Month (UTC)', axis: { format: '%b %Y', grid: false, labelOverlap: true, tickCount: Math.min(months.length, 12) } },
        y: { field: 'margin', type: 'quantitative', title: `Contribution margin (${currency})`, axis: { format: moneyAxis(currency) } },
        color: { field: 'channel', type: 'nominal', title: 'Channel', scale: { domain: [...channels], range: cycle(PALETTE, channels.length) } },
        shape: { field: 'channel', type: 'nominal', title: 'Channel', scale: { domain: [...channels], range: cycle(SHAPES, channels.length) } },
      },
    },
  };
}

export function roasChart(rows: readonly ChannelRoas[], channels: readonly string[]): ChartPlan {
  const withSpend = rows.filter((r) => r.roas !== null);
  const noSpend = rows.filter((r) => r.roas === null).map((r) => r.channel);
  const colour = (channel: string) => PALETTE[Math.max(0, channels.indexOf(channel)) % PALETTE.length]!;
  return {
    id: 'chart-roas',
    title: 'ROAS by channel',
    description: `Bar chart of return on ad spend (net revenue ÷ marketing spend) over all months for ${withSpend.length} channel(s) with spend: ${withSpend.map((r) => `${r.channel} ${formatRoas(r.roas)}`).join(', ')}. A dashed line marks break-even (1×).${noSpend.length ? ` No spend: ${list(noSpend)}.` : ''} Source: ${WAREHOUSE}.mart_channel_roas.`,
    spec: {
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: { step: 34 },
      data: { values: withSpend.map((r) => ({ channel: r.channel, roas: Number(r.roas), label: formatRoas(r.roas), colour: colour(r.channel) })) },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y: { field: 'channel', type: 'nominal', sort: withSpend.map((r) => r.channel), title: null, axis: { labelLimit: 180 } },
            x: { field: 'roas', type: 'quantitative', title: 'ROAS (net revenue ÷ spend)', axis: { format: ',.2~f' } },
            color: { field: 'colour', type: 'nominal', scale: null, legend: null },
          },
        },
        {
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 },
          encoding: {
            y: { field: 'channel', type: 'nominal', sort: withSpend.map((r) => r.channel) },
            x: { field: 'roas', type: 'quantitative' },
            text: { field: 'label' },
          },
        },
        { data: { values: [{ breakEven: 1 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: MUTED }, encoding: { x: { field: 'breakEven', type: 'quantitative' } } },
        // The line says what it is: a reader without the description sees "1× break-even" on it.
        {
          data: { values: [{ breakEven: 1, label: '1× break-even' }] },
          mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2, fontSize: 10, color: MUTED },
          encoding: { x: { field: 'breakEven', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
        },
      ],
    },
  };
}

/** "Trail Backpack (P1)": names need not be unique, ids are. */
export const productLabel = (r: Pick<ProductMarginRow, 'product_name' | 'product_id'>) => `${r.product_name} (${r.product_id})`;

export function productsChart(top: readonly ProductMarginRow[], currency: string): ChartPlan {
  return {
    id: 'chart-products',
    title: `Top ${top.length} products by gross margin`,
    description: `Bar chart of gross margin in ${currency} over all time for the ${top.length} products with the largest margin, largest first: ${list(top.map((r) => `${productLabel(r)} ${formatMoney(r.gross_margin, currency)}`))}. Source: ${WAREHOUSE}.mart_product_margin.`,
    spec: {
      config: CHART_CONFIG,
      // Narrower plot: product names need the room (Vega estimates text widths generously in Node).
      width: CHART_WIDTH - 100,
      height: { step: 26 },
      data: { values: top.map((r) => ({ product: productLabel(r), margin: Number(r.gross_margin), label: formatMoney(r.gross_margin, currency) })) },
      encoding: {
        y: { field: 'product', type: 'nominal', sort: top.map(productLabel), title: null, axis: { labelLimit: 420 } },
        x: { field: 'margin', type: 'quantitative', title: `Gross margin (${currency})`, axis: { format: moneyAxis(currency) } },
      },
      layer: [
        { mark: { type: 'bar' }, encoding: { color: { condition: { test: 'datum.margin < 0', value: PALETTE[4]! }, value: PALETTE[0]! } } },
        { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 }, encoding: { text: { field: 'label' } } },
      ],
    },
  };
}
