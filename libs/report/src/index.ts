export { loadReportData, reportMarts, productsWithReport, type ReportData, type MonthlyMarginRow, type RoasRow, type ProductMarginRow, type BatchRow, type QuarantineCount, type GateRow, type RunRow } from './data';
export { buildReport, planCharts, renderReport, type BuiltReport } from './report';
export { computeTotals, channelRoas, channelOrder, topProducts, quarantineByBatch, compareText, type Totals, type ChannelRoas } from './summary';
export { kpiTiles } from './kpis';
export { escapeHtml } from './escape';
export { formatMoney, formatPercent, formatCount, formatRoas, formatMonth, formatTimestamp } from './format';
export { CONTENT_SECURITY_POLICY } from './html';
export { renderSvgs, accessibleSvg } from './svg';
