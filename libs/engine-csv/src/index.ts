export { readCsvQuery, readCsvRecords, readRawCsv, type DuckDbSql } from './strict-csv';
export { splitCsvFile } from './split';
