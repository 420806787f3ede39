export { balancesReport } from './page';
export { loadBalancesFigures, CHARTED_ACCOUNTS, type BalancesFigures } from './figures';
export { accountBalanceChart, currencyTotalChart } from './charts';
