export { ledgerReport, kpiTiles } from './page';
export { loadLedgerFigures, type LedgerFigures, type MonthlyVarianceRow, type YtdVarianceRow } from './figures';
export { amounts, budgetVersions, bvaLines, computeTotals, departmentMonths, favourability, monthTotals, months, type Amounts, type BudgetVersion, type BvaLine, type LedgerTotals } from './summary';
export { varianceChart } from './charts';
export { monthlyCsv, ytdCsv } from './export';
