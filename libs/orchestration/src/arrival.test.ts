import { dropOf, planDrop, type RawObject } from './arrival';
import { EXECUTION_NAME_PATTERN } from './s3-trigger';

const RAW = 'commerce/incoming/';
const ENTITIES = ['products', 'cogs', 'marketing_spend', 'transactions'];
const options = { rawPrefix: RAW, required: ENTITIES, entityOf: (f: string) => ENTITIES.find((e) => f === `${e}.csv`) };
const drop = `${RAW}2024-02-01/`;
const obj = (name: string, etag = `etag-${name}`): RawObject => ({ key: `${drop}${name}`, etag });
const four = ENTITIES.map((e) => obj(`${e}.csv`));

describe('dropOf', () => {
  it.each([
    [`${RAW}2024-02-01/transactions.csv`, `${RAW}2024-02-01/`],
    [`${RAW}2024-02-01/`, `${RAW}2024-02-01/`],
    [`${RAW}transactions.csv`, RAW],
    [`${RAW}a/b/c.csv`, `${RAW}a/`],
  ])('%s is in the drop %s', (key, expected) => expect(dropOf(key, RAW)).toBe(expected));
});

describe('planDrop', () => {
  it.each([
    ['one file of four', [four[3]], ['products', 'cogs', 'marketing_spend']],
    ['three files of four', four.slice(0, 3), ['transactions']],
    ['a folder marker only', [obj('')], ENTITIES],
  ])('waits while a required file is missing: %s', (_what, listing, missing) => {
    expect(planDrop(drop, listing, options)).toEqual({ action: 'wait', batchPrefix: drop, missing });
  });

  it('starts once all required files are there, with the manifest of exactly those objects', () => {
    const d = planDrop(drop, [obj('notes.txt'), ...[...four].reverse(), obj('sub/x.csv')], options);
    expect(d).toMatchObject({ action: 'start', input: { batchPrefix: drop, manifest: { files: [...four].sort((a, b) => a.key.localeCompare(b.key)) } }, ignored: [`${drop}notes.txt`] });
    if (d.action !== 'start') throw new Error('not started');
    expect(d.name).toMatch(EXECUTION_NAME_PATTERN);
    expect(d.name).toMatch(/^2024-02-01-[0-9a-f]{16}$/);
  });

  it('names the batch by its keys and ETags: listing order and ETag quotes do not matter, new bytes do', () => {
    const name = (listing: RawObject[]) => (planDrop(drop, listing, options) as { name: string }).name;
    expect(name([...four].reverse())).toBe(name(four));
    expect(name(four.map((o) => ({ ...o, etag: `"${o.etag}"` })))).toBe(name(four));
    expect(name([...four.slice(0, 3), obj('transactions.csv', 'new-bytes')])).not.toBe(name(four));
  });

  it('an empty drop of a product with no required file starts with an empty manifest (a recorded no-op)', () => {
    const d = planDrop(drop, [obj('')], { ...options, required: [] });
    expect(d).toMatchObject({ action: 'start', input: { batchPrefix: drop, manifest: { files: [] } } });
  });

  it('refuses a listing outside the drop or without ETags, naming every problem', () => {
    expect(() => planDrop(drop, [{ key: `${RAW}other/x.csv`, etag: 'e' }, { key: `${drop}products.csv`, etag: '' }], options)).toThrow(/not in the drop[\s\S]*has no ETag/);
  });
});
