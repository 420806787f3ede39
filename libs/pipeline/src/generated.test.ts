/**
 * The generator and the loader agree: every bad row the generator writes (every kind of the
 * bad-input list) is quarantined, every good row loads, and the gate passes.
 */
import { activity, actors, ACTORS_BAD_KINDS, BAD_ROW_KINDS, BALANCES_BAD_KINDS, generateBalances, generateBalancesIncrement, generateCommerce, generateLedger, LEDGER_BAD_KIND_REASONS, LEDGER_BAD_ROW_KINDS, type GenerateResult } from '@finlake/products';
import { TEST_ENGINES, run, tempDir } from '../testing';

describe.each(TEST_ENGINES)('generated commerce data with bad rows of every kind on $name', ({ create }) => {
  it('quarantines exactly the bad rows and loads the rest', async () => {
    const out = tempDir();
    const generated = await generateCommerce({ rows: 6000, seed: 11, badRate: 0.02, outDir: out });
    expect(Object.keys(generated.badRowsByKind).sort()).toEqual([...BAD_ROW_KINDS].sort());
    const engine = await create();
    try {
      const result = await run(engine, out, { maxQuarantineRate: 1 });
      expect(result.status).toBe('published');
      for (const file of generated.files) {
        const outcome = result.files.find((f) => f.file === file.name)!;
        expect({ file: file.name, read: outcome.rowsRead, quarantined: outcome.rowsQuarantined, loaded: outcome.rowsLoaded }).toEqual({
          file: file.name,
          read: file.rows,
          quarantined: file.badRows,
          loaded: file.rows - file.badRows,
        });
      }
      expect(result.gate.every((g) => g.passed)).toBe(true);
      const [row] = await engine.query(`select count(*) as n from commerce_warehouse.fact_transactions`);
      const tx = generated.files.find((f) => f.name === 'transactions.csv')!;
      expect(row!.n).toBe(tx.rows - tx.badRows);
    } finally {
      await engine.close();
    }
  });
});

describe.each(TEST_ENGINES)('generated ledger data with bad rows of every kind on $name', ({ create }) => {
  it('quarantines exactly the bad rows with their reasons, loads the rest and passes the gate', async () => {
    const out = tempDir();
    const generated = await generateLedger({ rows: 4000, seed: 5, badRate: 0.02, outDir: out });
    expect(Object.keys(generated.badRowsByKind).sort()).toEqual([...LEDGER_BAD_ROW_KINDS].sort());
    const engine = await create();
    try {
      const result = await run(engine, out, { product: 'ledger', maxQuarantineRate: 1, now: new Date('2026-12-31T00:00:00Z') });
      expect(result.status).toBe('published');
      for (const file of generated.files) {
        const outcome = result.files.find((f) => f.file === file.name)!;
        expect({ file: file.name, read: outcome.rowsRead, quarantined: outcome.rowsQuarantined }).toEqual({ file: file.name, read: file.rows, quarantined: file.badRows });
      }
      expect(result.gate.filter((g) => g.blocking && !g.passed)).toEqual([]);
      // Every reason the generator promises is the one the loader gives.
      const reasons = await engine.query<{ reason_code: string }>(`select distinct reason_code from meta.quarantine`);
      const promised = new Set(Object.keys(generated.badRowsByKind).map((k) => LEDGER_BAD_KIND_REASONS[k as keyof typeof LEDGER_BAD_KIND_REASONS]));
      expect(new Set(reasons.map((r) => r.reason_code))).toEqual(promised);
    } finally {
      await engine.close();
    }
  });
});

/** Each balances bad-row kind with the file it is in and the reason a correct loader gives (STAMP_DRIFT loads, as a warning). */
const BALANCES_KINDS: Record<string, [string, string]> = {
  UNKNOWN_TXN_TYPE: ['account_transactions.csv', 'UNKNOWN_TXN_TYPE'],
  MIXED_CURRENCY: ['account_transactions.csv', 'MIXED_CURRENCY'],
  UNKNOWN_REVERSED_TRANSACTION: ['account_transactions.csv', 'UNKNOWN_REVERSED_TRANSACTION'],
  DOUBLE_REVERSAL: ['account_transactions.csv', 'DOUBLE_REVERSAL'],
  INSUFFICIENT_AVAILABLE_UNITS: ['portfolio_transactions.csv', 'INSUFFICIENT_AVAILABLE_UNITS'],
  LIEN_UNDERFLOW: ['portfolio_transactions.csv', 'LIEN_UNDERFLOW'],
  UNITS_SIGN: ['portfolio_transactions.csv', 'UNITS_SIGN'],
  UNKNOWN_PRODUCT: ['portfolio_transactions.csv', 'UNKNOWN_PRODUCT'],
  ISSUE_BEYOND_AVAILABLE: ['inventory_movements.csv', 'INSUFFICIENT_AVAILABLE_UNITS'],
  RELEASE_BEYOND_RESERVED: ['inventory_movements.csv', 'RESERVED_UNDERFLOW'],
  UNKNOWN_STOCK_PRODUCT: ['inventory_movements.csv', 'UNKNOWN_PRODUCT'],
};

describe.each(TEST_ENGINES)('generated balances data with bad rows of every kind on $name', ({ create }) => {
  it('quarantines exactly the bad rows with their reasons, and every source stamp but the drifted ones matches the recomputed balance or position', async () => {
    const out = tempDir();
    const generated = await generateBalances({ rows: 5000, seed: 3, badRate: 0.01, outDir: out });
    // Wallet, portfolio and inventory kinds alike, each at least once.
    expect(Object.keys(generated.badRowsByKind).sort()).toEqual([...BALANCES_BAD_KINDS].sort());
    expect(Object.keys(BALANCES_KINDS).sort()).toEqual(BALANCES_BAD_KINDS.filter((k) => k !== 'STAMP_DRIFT').sort());
    expect(generated.files.map((f) => f.name)).toEqual(['account_transactions.csv', 'products.csv', 'portfolio_transactions.csv', 'inventory_movements.csv']);
    const engine = await create();
    try {
      const result = await run(engine, out, { product: 'balances', maxQuarantineRate: 1 });
      expect(result.status).toBe('published');
      for (const file of generated.files) {
        const outcome = result.files.find((f) => f.file === file.name)!;
        expect({ file: file.name, read: outcome.rowsRead, quarantined: outcome.rowsQuarantined }).toEqual({ file: file.name, read: file.rows, quarantined: file.badRows });
      }
      // Every kind in its file with its reason, as many times as generated.
      const reasons = await engine.query<{ file_name: string; reason_code: string; n: number }>(`select file_name, reason_code, count(*) as n from meta.quarantine group by file_name, reason_code`);
      const { STAMP_DRIFT: drifted = 0, ...rejected } = generated.badRowsByKind;
      const promised: Record<string, number> = {};
      for (const [kind, n] of Object.entries(rejected)) {
        const at = BALANCES_KINDS[kind]!.join(' ');
        promised[at] = (promised[at] ?? 0) + n;
      }
      expect(Object.fromEntries(reasons.map((r) => [`${r.file_name} ${r.reason_code}`, Number(r.n)]))).toEqual(promised);
      // A drifted stamp is a warning: it loads, and at most its own day's stamp disagrees.
      expect(result.gate.filter((g) => !g.passed).map((g) => [g.blocking, g.violations])).toEqual([[false, drifted]]);
      const [recon] = await engine.query(`select count(*) as days, sum(case when status = 'MISMATCH' then 1 else 0 end) as mismatched from balances_warehouse.mart_balance_reconciliation`);
      expect(Number(recon!.days)).toBeGreaterThan(1000);
      expect(Number(recon!.mismatched)).toBeLessThanOrEqual(drifted);
      // Each refused portfolio row broke its position alone: every valid row's stamp is the recomputed position.
      const [positions] = await engine.query(
        `select count(*) as days, sum(case when total_units_reported <> total_units then 1 else 0 end) as off, count(distinct product_code) as products from balances_warehouse.fact_portfolio_daily_position`,
      );
      expect(Number(positions!.days)).toBeGreaterThan(1000);
      expect(Number(positions!.off)).toBe(0);
      // A product's trading-unit size changes inside the range: the mart converts with each in force.
      const [resized] = await engine.query(
        `select count(*) as n from (select product_code from balances_warehouse.mart_product_position_daily group by product_code having count(distinct trading_unit_size) > 1) as p`,
      );
      expect(Number(resized!.n)).toBeGreaterThanOrEqual(1);
      // Every counted movement's volume is its units × the trading-unit size in force on its day;
      // deleted ones (some far beyond any stock) load and move nothing, and no stock goes below 0.
      const [movements] = await engine.query(
        `select count(*) as n, sum(case when m.is_counted then 0 else 1 end) as deleted,
                sum(case when m.is_counted and (m.volume_delta <> m.units_delta * d.trading_unit_size or m.reserved_volume_delta <> m.reserved_units_delta * d.trading_unit_size) then 1 else 0 end) as off
         from balances_warehouse.fact_inventory_movement as m
         join balances_warehouse.dim_product as d on d.product_code = m.product_id and d.valid_from <= m.business_date and m.business_date < d.valid_to`,
      );
      const inventory = generated.files.find((f) => f.name === 'inventory_movements.csv')!;
      expect(Number(movements!.n)).toBe(inventory.rows - inventory.badRows);
      expect(Number(movements!.deleted)).toBeGreaterThan(0);
      expect(Number(movements!.off)).toBe(0);
      const [stock] = await engine.query(
        `select count(*) as days, count(distinct store_id) as stores, count(distinct quality_level) as grades,
                sum(case when available_units < 0 or reserved_units < 0 or available_volume < 0 or reserved_volume < 0 then 1 else 0 end) as negative
         from balances_warehouse.fact_inventory_daily_position`,
      );
      expect(Number(stock!.days)).toBeGreaterThan(1000);
      expect([stock!.stores, stock!.grades, stock!.negative].map(Number)).toEqual([3, 3, 0]);
      // The bench's increment: one more day of deposits to known accounts, every row new and valid.
      const incrementDir = tempDir();
      const increment = await generateBalancesIncrement({ full: generated, rows: 50, seed: 3, outDir: incrementDir, workDir: tempDir() });
      const next = await run(engine, incrementDir, { product: 'balances' });
      expect([next.status, next.files[0]!.rowsLoaded, next.files[0]!.rowsQuarantined]).toEqual(['published', increment.rows, 0]);
      const [days] = await engine.query(`select max(balance_date) as last_day, count(distinct balance_date) as days from balances_warehouse.fact_account_daily_balance`);
      // The default shape of 5,000 rows: 250 days from 2024-01-01, then the increment's day.
      expect(days).toEqual({ last_day: '2024-09-07', days: 251 });
    } finally {
      await engine.close();
    }
  });
});

/** Each activity bad-row kind with the file it is in and the reason a correct loader gives (the generator's ACTIVITY_BAD_KINDS). */
const ACTIVITY_KINDS: Record<string, [string, string]> = {
  unknown_device: ['events.csv', 'UNKNOWN_DEVICE'],
  duplicate_hit: ['events.csv', 'DUPLICATE_ROW'],
  bad_timestamp: ['events.csv', 'INVALID_TIMESTAMP'],
  missing_host: ['events.csv', 'REQUIRED_MISSING'],
  duplicate_device: ['devices.csv', 'DUPLICATE_ROW'],
  conflicting_device: ['devices.csv', 'DEVICE_CONFLICT'],
};

describe.each(TEST_ENGINES)('generated activity data with bad rows of every kind on $name', ({ create }) => {
  it('quarantines exactly the bad rows with their reasons, loads every other hit and takes the increment as new hits of the next day', async () => {
    const out = tempDir();
    // Through the registered product, as the CLI and the bench call it.
    const generated = (await activity.generate!({ rows: 5000, seed: 3, badRate: 0.01, outDir: out })) as GenerateResult & { badRowsByKind: Record<string, number> };
    expect(Object.keys(generated.badRowsByKind).sort()).toEqual(Object.keys(ACTIVITY_KINDS).sort());
    const engine = await create();
    try {
      const result = await run(engine, out, { product: 'activity', maxQuarantineRate: 1 });
      expect(result.status).toBe('published');
      for (const file of generated.files) {
        const outcome = result.files.find((f) => f.file === file.name)!;
        expect({ file: file.name, read: outcome.rowsRead, quarantined: outcome.rowsQuarantined, loaded: outcome.rowsLoaded }).toEqual({
          file: file.name,
          read: file.rows,
          quarantined: file.badRows,
          loaded: file.rows - file.badRows,
        });
      }
      expect(result.gate.filter((g) => !g.passed)).toEqual([]);
      // Every kind in its file with its reason, as many times as generated.
      const reasons = await engine.query<{ file_name: string; reason_code: string; n: number }>(`select file_name, reason_code, count(*) as n from meta.quarantine group by file_name, reason_code`);
      const promised: Record<string, number> = {};
      for (const [kind, n] of Object.entries(generated.badRowsByKind)) {
        const at = ACTIVITY_KINDS[kind]!.join(' ');
        promised[at] = (promised[at] ?? 0) + n;
      }
      expect(Object.fromEntries(reasons.map((r) => [`${r.file_name} ${r.reason_code}`, Number(r.n)]))).toEqual(promised);
      const events = generated.files.find((f) => f.name === 'events.csv')!;
      const [facts] = await engine.query(`select count(*) as n from activity_warehouse.fact_event`);
      expect(Number(facts!.n)).toBe(events.rows - events.badRows);
      // The bench's increment: one more day of hits on known devices, every row new and valid.
      const incrementDir = tempDir();
      const increment = await activity.generateIncrement!({ full: generated, rows: 50, seed: 3, outDir: incrementDir, workDir: tempDir() });
      const next = await run(engine, incrementDir, { product: 'activity' });
      expect([next.status, next.files[0]!.rowsLoaded, next.files[0]!.rowsQuarantined]).toEqual(['published', increment.rows, 0]);
      const [days] = await engine.query(`select cast(max(activity_date) as varchar) as last_day, count(*) as days, sum(hits) as hits from activity_warehouse.mart_activity_daily`);
      // The default shape of 5,000 hits: 100 days through 2024-06-30, then the increment's day.
      expect({ ...days, hits: Number(days!.hits) }).toEqual({ last_day: '2024-07-01', days: 101, hits: events.rows - events.badRows + increment.rows });
    } finally {
      await engine.close();
    }
  });
});

describe.each(TEST_ENGINES)('generated actors data with bad rows of every kind on $name', ({ create }) => {
  it('quarantines exactly the bad rows with their reasons, loads every other credit and takes the increment as the next year\'s films', async () => {
    const out = tempDir();
    // Through the registered product, as the CLI and the bench call it.
    const generated = (await actors.generate!({ rows: 5000, seed: 3, badRate: 0.01, outDir: out })) as GenerateResult & { badRowsByKind: Record<string, number> };
    expect(Object.keys(generated.badRowsByKind).sort()).toEqual(Object.keys(ACTORS_BAD_KINDS).sort());
    const engine = await create();
    try {
      const result = await run(engine, out, { product: 'actors', maxQuarantineRate: 1 });
      expect(result.status).toBe('published');
      const [file] = generated.files;
      const outcome = result.files.find((f) => f.file === file!.name)!;
      expect({ read: outcome.rowsRead, quarantined: outcome.rowsQuarantined, loaded: outcome.rowsLoaded }).toEqual({ read: file!.rows, quarantined: file!.badRows, loaded: file!.rows - file!.badRows });
      expect(result.gate.filter((g) => !g.passed)).toEqual([]);
      // Every kind with its reason, as many rows as generated (a conflict sinks both of its rows).
      const promised: Record<string, number> = {};
      for (const [kind, n] of Object.entries(generated.badRowsByKind)) {
        const reason = ACTORS_BAD_KINDS[kind as keyof typeof ACTORS_BAD_KINDS];
        promised[reason] = (promised[reason] ?? 0) + n;
      }
      const reasons = await engine.query<{ reason_code: string; n: number }>(`select reason_code, count(*) as n from meta.quarantine group by reason_code`);
      expect(Object.fromEntries(reasons.map((r) => [r.reason_code, Number(r.n)]))).toEqual(promised);
      const [facts] = await engine.query(`select count(*) as n from actors_warehouse.fact_actor_film`);
      expect(Number(facts!.n)).toBe(file!.rows - file!.badRows);
      // The bench's increment: the next year's films by known actors, every row new and valid.
      const incrementDir = tempDir();
      const increment = await actors.generateIncrement!({ full: generated, rows: 50, seed: 3, outDir: incrementDir, workDir: tempDir() });
      const next = await run(engine, incrementDir, { product: 'actors' });
      expect([next.status, next.files[0]!.rowsLoaded, next.files[0]!.rowsQuarantined]).toEqual(['published', increment.rows, 0]);
      const [years] = await engine.query(`select min(current_year) as first_year, max(current_year) as last_year, count(distinct current_year) as years from actors_warehouse.mart_actor_quality_yearly`);
      // The default shape of 5,000 credits: 1970 through 2021, then the increment's 2022.
      expect({ ...years, years: Number(years!.years) }).toEqual({ first_year: 1970, last_year: 2022, years: 53 });
      const [active] = await engine.query(`select sum(active_actors) as n from actors_warehouse.mart_actor_quality_yearly where current_year = 2022`);
      expect(Number(active!.n)).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
  });
});
