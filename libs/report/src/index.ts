export { loadReportData, reportMarts, productsWithReport, type ReportData, type MonthlyMarginRow, type RoasRow, type ProductMarginRow, type BatchRow, type QuarantineCount, type GateRow, type RunRow } from './data';
export { buildReport, type BuiltReport } from './report';
export type { Totals } from './summary';
