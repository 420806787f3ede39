import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadModel } from './load';
import { strategySpec } from './strategy';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'finlake-models-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write `<name>.sql` and `<name>.yml` (the strategy block and the usual fields) and load them. */
function load(name: string, strategy: unknown, extra: Record<string, unknown> = {}) {
  writeFileSync(join(dir, `${name}.sql`), 'select 1 as x');
  writeFileSync(join(dir, `${name}.yml`), stringify({ description: 'd', grain: 'g', key: 'k', strategy, ...extra }));
  return loadModel(dir, name);
}

describe('strategy in a model yml', () => {
  it('leaves models without one as they were', () => {
    const model = load('fact_plain', undefined);
    expect('strategy' in model).toBe(false);
  });

  it('reads an SCD2 dimension with its defaults and adds its grain tests', () => {
    const model = load('dim_thing', { kind: 'scd2', key: 'thing_id', tracked: ['colour', 'size'], current: ['colour'], effective_from: 'effective_date' }, { tests: [{ not_null: ['colour'] }] });
    expect(model.strategy).toEqual({
      kind: 'scd2',
      key: ['thing_id'],
      tracked: ['colour', 'size'],
      current: ['colour'],
      effectiveFrom: 'effective_date',
      snapshot: 'delta',
      missing: 'keep',
      outOfOrder: 'error',
      surrogateKey: 'surrogate_key',
    });
    expect(model.tests).toEqual([
      { unique: ['surrogate_key'] },
      { unique: ['thing_id', 'valid_from'] },
      { not_null: ['surrogate_key', 'thing_id', 'valid_from', 'valid_to', 'is_current', 'is_deleted', 'hash_diff'] },
      { not_null: ['colour'] },
    ]);
  });

  it('does not repeat a grain test the yml lists itself', () => {
    const model = load('snap', { kind: 'snapshot', key: ['item_id'], snapshot_date: 'snapshot_date' }, { tests: [{ unique: ['item_id', 'snapshot_date'] }] });
    expect(model.tests).toEqual([{ not_null: ['item_id', 'snapshot_date'] }, { unique: ['item_id', 'snapshot_date'] }]);
  });

  it.each([
    [
      'cumulative',
      { kind: 'cumulative', key: ['user_id'], date: 'activity_date', start: '2024-01-01', state: [{ column: 'hits', combine: 'sum', type: 'bigint' }, { column: 'days_active', combine: 'count', type: 'integer' }] },
      {
        kind: 'cumulative',
        key: ['user_id'],
        date: 'activity_date',
        asOf: 'as_of',
        start: '2024-01-01',
        build: 'extend',
        rerun: 'refuse',
        state: [
          { column: 'hits', combine: 'sum', from: 'hits', type: 'bigint' },
          { column: 'days_active', combine: 'count', type: 'integer' },
        ],
        derived: [],
      },
    ],
    ['snapshot', { kind: 'snapshot', key: 'item_id', snapshot_date: 'snapshot_date' }, { kind: 'snapshot', key: ['item_id'], snapshotDate: 'snapshot_date' }],
    [
      'bridge',
      { kind: 'bridge', group: 'movie_id', member: 'genre_id', order: ['genre_rank'] },
      { kind: 'bridge', group: ['movie_id'], member: ['genre_id'], weight: 'equal', weightColumn: 'weight', weightScale: 6, primary: 'first', primaryColumn: 'is_primary', order: ['genre_rank'] },
    ],
  ])('reads a %s model', (_kind, raw, expected) => {
    expect(strategySpec('m', raw)).toEqual(expected);
  });

  it('lists every problem of a strategy at once', () => {
    expect(() =>
      strategySpec('dim_x', { kind: 'scd2', key: [], tracked: ['a', 'Bad Name'], current: ['b'], snapshot: 'delta', missing: 'close', out_of_order: 'ignore', colour: 1 }),
    ).toThrow(
      [
        'Model dim_x: dim_x.yml strategy is invalid:',
        '  - unknown field colour (known: kind, key, tracked, current, effective_from, snapshot, missing, out_of_order, surrogate_key)',
        '  - key must name at least one column',
        '  - tracked: "Bad Name" is not a column name (lower case letters, digits, _)',
        '  - effective_from is required (a column name)',
        '  - missing: close needs snapshot: full (a delta never closes the keys it leaves out)',
        '  - out_of_order: "ignore" is not one of error, restate',
        '  - current: b is not a tracked column (current_<name> holds a tracked attribute\'s latest value)',
      ].join('\n'),
    );
  });

  it.each([
    ['kind: "scd3" is not one of scd2, cumulative, snapshot, bridge', { kind: 'scd3' }],
    ['expected a mapping with kind: scd2 | cumulative | snapshot | bridge', ['scd2']],
    ['column valid_from is in both tracked and the SCD2 columns', { kind: 'scd2', key: 'k', tracked: ['valid_from'], effective_from: 'e' }],
    ['state must list at least one column', { kind: 'cumulative', key: 'k', date: 'd', state: [] }],
    ['start: "2024-02-30" is not an ISO date', { kind: 'cumulative', key: 'k', date: 'd', start: '2024-02-30', state: [{ column: 'n', combine: 'count', type: 'int' }] }],
    ['state[0]: from is not used by combine: count', { kind: 'cumulative', key: 'k', date: 'd', state: [{ column: 'n', combine: 'count', from: 'x', type: 'int; drop table t' }] }],
    ['state[0]: type: "int; drop table t" is not a SQL type', { kind: 'cumulative', key: 'k', date: 'd', state: [{ column: 'n', combine: 'sum', type: 'int; drop table t' }] }],
    ['state[0]: default is only for combine: today', { kind: 'cumulative', key: 'k', date: 'd', state: [{ column: 'n', combine: 'sum', default: 0, type: 'int' }] }],
    ['state[0]: type: a datelist is a bigint', { kind: 'cumulative', key: 'k', date: 'd', state: [{ column: 'bits', combine: 'datelist', type: 'integer' }] }],
    ['state[0]: from is not used by combine: datelist', { kind: 'cumulative', key: 'k', date: 'd', state: [{ column: 'bits', combine: 'datelist', from: 'x', type: 'bigint' }] }],
    ['state[0]: default: "0; drop table t" is not a number or a quoted SQL literal', { kind: 'cumulative', key: 'k', date: 'd', state: [{ column: 'n', combine: 'today', default: '0; drop table t', type: 'int' }] }],
    ['derived[0]: expression must be an SQL expression over the state columns', { kind: 'cumulative', key: 'k', date: 'd', state: [{ column: 'n', combine: 'count', type: 'int' }], derived: [{ column: 'x', expression: 'n; drop table t', type: 'int' }] }],
    ['column n is in both state and derived', { kind: 'cumulative', key: 'k', date: 'd', state: [{ column: 'n', combine: 'count', type: 'int' }], derived: [{ column: 'n', expression: 'n + 1', type: 'int' }] }],
    ['weight_scale: 20 is not a whole number from 1 to 12', { kind: 'bridge', group: 'g', member: 'm', weight_scale: 20 }],
  ])('refuses: %s', (message, raw) => {
    expect(() => strategySpec('m', raw)).toThrow(message);
  });

  it('refuses a model with both a strategy and incremental', () => {
    expect(() => load('both', { kind: 'snapshot', key: 'k', snapshot_date: 'd' }, { incremental: { source: 's', strategy: 'merge', merge_key: 'k' } })).toThrow('has both strategy and incremental');
  });
});
