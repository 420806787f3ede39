import { dialectFor, duckdbDialect, postgresDialect, redshiftDialect, renderSql, type Dialect } from './dialect';

const resolve = (kind: 'ref' | 'source', name: string) => `${kind === 'ref' ? 'warehouse' : 'staging'}.${name}`;
const render = (sql: string, dialect: Dialect) => renderSql(sql, dialect, resolve);

describe('macros per dialect', () => {
  const cases: [string, Record<'duckdb' | 'postgres' | 'redshift', string>][] = [
    [
      '{{ date_key(d) }}',
      {
        duckdb: `cast(strftime(d, '%Y%m%d') as integer)`,
        postgres: `cast(to_char(d, 'YYYYMMDD') as integer)`,
        redshift: `cast(to_char(d, 'YYYYMMDD') as integer)`,
      },
    ],
    [
      '{{ month_start(d) }}',
      {
        duckdb: `cast(date_trunc('month', d) as date)`,
        postgres: `cast(date_trunc('month', d) as date)`,
        redshift: `cast(date_trunc('month', d) as date)`,
      },
    ],
    [
      "{{ business_date(created_at, 'America/New_York') }}",
      {
        duckdb: `cast(timezone('America/New_York', timezone('UTC', created_at)) as date)`,
        postgres: `cast((created_at at time zone 'UTC') at time zone 'America/New_York' as date)`,
        redshift: `cast(convert_timezone('UTC', 'America/New_York', created_at) as date)`,
      },
    ],
    [
      '{{ text_list(q.column_name) }}',
      {
        duckdb: "string_agg(distinct q.column_name, ', ' order by q.column_name)",
        postgres: "string_agg(distinct q.column_name, ', ' order by q.column_name)",
        redshift: "listagg(distinct q.column_name, ', ') within group (order by q.column_name)",
      },
    ],
    [
      '{{ int_array(d.hits, d.day) }}',
      {
        duckdb: 'list(cast(d.hits as integer) order by d.day)',
        postgres: 'array_agg(cast(d.hits as integer) order by d.day)',
        // No array type on Redshift: SUPER.
        redshift: "json_parse('[' || listagg(cast(cast(d.hits as integer) as varchar), ',') within group (order by d.day) || ']')",
      },
    ],
    [
      // Nested macros render innermost first.
      '{{ percent({{ safe_divide(a, b) }}, c) }}',
      {
        duckdb: 'cast(round(100.0 * ((a) / nullif(b, 0)) / nullif(c, 0), 1) as decimal(18, 1))',
        postgres: 'cast(round(100.0 * ((a) / nullif(b, 0)) / nullif(c, 0), 1) as decimal(18, 1))',
        redshift: 'cast(round(100.0 * ((a) / nullif(b, 0)) / nullif(c, 0), 1) as decimal(18, 1))',
      },
    ],
    [
      "select {{ money(x) }} from {{ ref('fact') }} join {{ source('stg') }}",
      {
        duckdb: 'select cast(x as decimal(18, 2)) from warehouse.fact join staging.stg',
        postgres: 'select cast(x as decimal(18, 2)) from warehouse.fact join staging.stg',
        redshift: 'select cast(x as decimal(18, 2)) from warehouse.fact join staging.stg',
      },
    ],
  ];
  it.each(cases)('%s', (sql, expected) => {
    for (const name of ['duckdb', 'postgres', 'redshift'] as const) expect([name, render(sql, dialectFor(name))]).toEqual([name, expected[name]]);
  });

  it('renders valid_at as a half-open validity interval', () => {
    expect(render('{{ valid_at(d, f.event_date) }}', redshiftDialect)).toBe('(d.valid_from <= f.event_date and f.event_date < d.valid_to)');
  });

  it('names the dialect of an unknown macro', () => {
    expect(() => render('{{ nope(x) }}', redshiftDialect)).toThrow('Unknown SQL macro {{ nope() }} for dialect redshift');
  });
});

describe('validation functions per dialect', () => {
  it.each([
    ['duckdb', duckdbDialect, `regexp_full_match(v, '[0-9]+(\\.[0-9]*)?')`],
    ['postgres', postgresDialect, `(v ~ '^(?:[0-9]+(\\.[0-9]*)?)$')`],
    // Redshift literals treat backslash as an escape (doubled) and POSIX has no (?: groups.
    ['redshift', redshiftDialect, `(v ~ '^([0-9]+(\\\\.[0-9]*)?)$')`],
  ])('matches on %s', (_name, dialect, expected) => {
    expect(dialect.fn.matches('v', '[0-9]+(\\.[0-9]*)?')).toBe(expected);
  });

  it.each([
    ['duckdb', duckdbDialect, `list_contains(['a', 'it''s'], v)`],
    ['postgres', postgresDialect, `(v in ('a', 'it''s'))`],
    ['redshift', redshiftDialect, `(v in ('a', 'it''s'))`],
  ])('inList on %s', (_name, dialect, expected) => {
    expect(dialect.fn.inList('v', ['a', "it's"])).toBe(expected);
  });

  it.each([
    ['duckdb', duckdbDialect, 'hash(a, b)'],
    ['postgres', postgresDialect, 'md5(row(a, b)::text)'],
    [
      'redshift',
      redshiftDialect,
      `md5(coalesce(cast(length(cast(a as varchar(max))) as varchar(max)) || ':' || cast(a as varchar(max)), '-') || '|' || coalesce(cast(length(cast(b as varchar(max))) as varchar(max)) || ':' || cast(b as varchar(max)), '-'))`,
    ],
  ])('rowHash on %s', (_name, dialect, expected) => {
    expect(dialect.fn.rowHash(['a', 'b'])).toBe(expected);
  });

  it.each([
    ['duckdb', duckdbDialect, 'try_cast(v as date)'],
    ['postgres', postgresDialect, 'finlake_fn.try_date(v)'],
    [
      'redshift',
      redshiftDialect,
      `case when (v ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2})$') then case when to_char(to_date(v, 'YYYY-MM-DD'), 'YYYY-MM-DD') = v then to_date(v, 'YYYY-MM-DD') end end`,
    ],
  ])('tryCast to date on %s', (_name, dialect, expected) => {
    expect(dialect.fn.tryCast('v', 'date')).toBe(expected);
  });

  it.each([
    ['duckdb', duckdbDialect, 'make_timestamp(epoch_us(x))'],
    ['postgres', postgresDialect, 'cast(x as timestamp)'],
    ['redshift', redshiftDialect, 'cast(x as timestamp)'],
  ])('utcTimestamp on %s', (_name, dialect, expected) => {
    expect(dialect.fn.utcTimestamp('x')).toBe(expected);
  });

  it.each([
    ['duckdb', duckdbDialect, 'starts_with(a, b)'],
    ['postgres', postgresDialect, 'starts_with(a, b)'],
    ['redshift', redshiftDialect, '(length(a) >= length(b) and left(a, length(b)) = b)'],
  ])('startsWith on %s', (_name, dialect, expected) => {
    expect(dialect.fn.startsWith('a', 'b')).toBe(expected);
  });

  it.each([
    ['duckdb', duckdbDialect, `md5(coalesce(cast(length(cast(a as varchar)) as varchar) || ':' || cast(a as varchar), '-'))`],
    ['postgres', postgresDialect, `md5(coalesce(cast(length(cast(a as varchar)) as varchar) || ':' || cast(a as varchar), '-'))`],
    // varchar(max): Redshift's plain varchar is 256 bytes.
    ['redshift', redshiftDialect, `md5(coalesce(cast(length(cast(a as varchar(max))) as varchar(max)) || ':' || cast(a as varchar(max)), '-'))`],
  ])('digest on %s', (_name, dialect, expected) => {
    expect(dialect.fn.digest(['a'])).toBe(expected);
  });

  it.each([
    ['duckdb', duckdbDialect, /^cast\(\('0x' \|\| substr\(md5\(.*\), 1, 15\)\) as bigint\)$/],
    ['postgres', postgresDialect, /^cast\(cast\('x' \|\| lpad\(substr\(md5\(.*\), 1, 15\), 16, '0'\) as bit\(64\)\) as bigint\)$/],
    ['redshift', redshiftDialect, /^strtol\(substring\(md5\(.*\), 1, 15\), 16\)$/],
  ])('digestKey on %s takes 15 hex digits of the digest', (_name, dialect, expected) => {
    expect(dialect.fn.digestKey(['a', 'b'])).toMatch(expected);
  });

  it('refuses a Redshift try-cast it cannot guard', () => {
    expect(() => redshiftDialect.fn.tryCast('v', 'double precision')).toThrow('No Redshift try-cast to double precision');
  });
});

describe('query layout per dialect', () => {
  it.each([
    ['duckdb', duckdbDialect, ''],
    ['postgres', postgresDialect, ' offset 0'],
    ['redshift', redshiftDialect, ' offset 0'],
  ])('the subquery fence on %s is %j', (_name, dialect, expected) => {
    expect(dialect.subqueryFence).toBe(expected);
  });

  it('keeps raw fields as one list only where the dialect has lists (DuckDB, 1-based)', () => {
    expect(duckdbDialect.fieldList?.of(['c0', 'c1'])).toBe('[c0, c1]');
    expect(duckdbDialect.fieldList?.at('f', 0)).toBe('f[1]');
    expect(postgresDialect.fieldList).toBeUndefined();
    expect(redshiftDialect.fieldList).toBeUndefined();
  });
});

/**
 * The Redshift casts run only when a POSIX pattern admits the text. These patterns use only
 * ERE syntax whose meaning JavaScript shares, so the guard's decisions are checked here.
 */
describe('Redshift try-cast guards', () => {
  function guard(type: string): RegExp {
    const sql = redshiftDialect.fn.tryCast('v', type);
    const literal = /~ '((?:[^']|'')*)'/.exec(sql)![1]!;
    return new RegExp(literal.replace(/''/g, "'").replace(/\\\\/g, '\\'));
  }

  it.each([
    ['decimal(18, 2)', ['12.34', '-0.5', '+.5', '12', '12.', '12.3400', '0000000000000000012.34', '9999999999999999.99'], ['', '+', '.', '12.345', '1e3', '1,000.00', '$12', '12.3.4', '99999999999999999']],
    ['decimal(4, 4)', ['0.1234', '.5', '0'], ['1.0', '.12345']],
    ['integer', ['42', '-7', '+0', '999999999999999999'], ['', '4.0', '1e3', '9999999999999999999']],
    ['date', ['2024-02-29', '2024-02-30'], ['2024-2-29', '20240229', '2024-02-29T00:00', ' 2024-02-29']],
    [
      'timestamptz',
      ['2024-01-31', '2024-01-31T23:59:59', '2024-01-31 23:59', '2024-01-31T23:59:59.123456Z', '2024-01-31T10:00:00+05:30', '2024-01-31T10:00:00-0800', '2024-01-31t10:00z'],
      ['2024-01-31T24:00:00', '2024-01-31T10:60', '2024-01-31T10:00:00.1234567', '2024-01-31T10:00:00+25:00', '2024-01-31 10'],
    ],
  ])('%s admits what fits and nothing else', (type, good, bad) => {
    const re = guard(type);
    for (const v of good) expect([v, re.test(v)]).toEqual([v, true]);
    for (const v of bad) expect([v, re.test(v)]).toEqual([v, false]);
  });

  it('checks the calendar day by a to_date round trip (2024-02-30 passes the pattern, not the day)', () => {
    expect(redshiftDialect.fn.tryCast('v', 'timestamp')).toContain(`to_char(to_date(left(v, 10), 'YYYY-MM-DD'), 'YYYY-MM-DD') = left(v, 10)`);
  });
});
