import { tableLayout } from './layout';

describe('tableLayout (a redshift: block as written in yml)', () => {
  it.each([
    [{ dist: 'all', sort: ['k'], why: 'small' }, { dist: 'all', sort: ['k'], why: 'small' }],
    [{ dist: 'even', why: ' grows ' }, { dist: 'even', why: 'grows' }],
    [{ dist: 'auto', sort: [], why: 'let Redshift pick' }, { dist: 'auto', sort: [], why: 'let Redshift pick' }],
    [{ dist: { key: 'customer_key' }, sort: ['date_key'], why: 'joined by customer' }, { dist: { key: 'customer_key' }, sort: ['date_key'], why: 'joined by customer' }],
  ])('%j', (raw, layout) => {
    expect(tableLayout('x.yml', raw)).toEqual(layout);
  });

  it.each([
    ['not a map', 'all', 'x.yml: redshift is a map with dist, sort and why'],
    ['an unknown style', { dist: 'random', why: 'w' }, 'x.yml: redshift dist is all, even, auto or { key: <column> }, not "random"'],
    ['a key map with more than the key', { dist: { key: 'a', sort: 'b' }, why: 'w' }, 'redshift dist is all, even, auto or { key: <column> }'],
    ['sort as a string', { dist: 'all', sort: 'k', why: 'w' }, 'x.yml: redshift sort is a list of column names'],
    ['no reason', { dist: 'all' }, 'x.yml: redshift needs a why (the reason, for the DDL comment)'],
    ['a misspelt field', { dist: 'all', why: 'w', sortkey: ['k'] }, 'x.yml: redshift has unknown field(s) sortkey (dist, sort, why)'],
  ])('refuses %s', (_what, raw, message) => {
    expect(() => tableLayout('x.yml', raw)).toThrow(message);
  });
});
