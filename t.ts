import { DuckDbEngine } from '@finlake/engine-duckdb';
(async () => {
const e = await DuckDbEngine.create({ path: ':memory:' });
for (const f of ['/tmp/x/h.csv', '/tmp/x/u.csv', '/tmp/x/g.csv']) {
  const r = await e.loadRawCsv(f, 'raw1', 3);
  console.log(f, JSON.stringify(r), JSON.stringify(await e.query('select * from raw1 order by rec')));
}
})();
