export { parseCsv, type CsvFile, type CsvRecord } from './csv';
