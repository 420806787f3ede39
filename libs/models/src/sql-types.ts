import type { ColumnType } from '@finlake/contracts';

/** The portable SQL type a contract column is staged as (identical on DuckDB, PostgreSQL and Redshift). */
export function sqlType(type: ColumnType): string {
  switch (type.kind) {
    case 'id':
    case 'text':
    case 'enum':
    case 'month':
      return 'varchar';
    case 'integer':
      return 'integer';
    case 'decimal':
      return `decimal(${type.precision}, ${type.scale})`;
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
    case 'boolean':
      return 'boolean';
  }
}
