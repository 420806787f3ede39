export { commerceReport, kpiTiles } from './page';
export { loadCommerceFigures, type CommerceFigures, type MonthlyMarginRow, type ProductMarginRow, type RoasRow } from './figures';
export { channelOrder, channelRoas, computeTotals, sortMonthly, topProducts, TOP_PRODUCTS, type ChannelRoas, type CommerceTotals } from './summary';
export { marginChart, productsChart, roasChart } from './charts';
