import { businessTimeZoneParameter, idColumn as id, throughDayParameter, type ColumnContract, type DataProductContract, type EntityContract, type ParameterContract } from '@finlake/contracts';

/** Booking types of a wallet transaction (products.md B.1). */
export const TRANSACTION_TYPES = ['DEPOSIT', 'WITHDRAWAL', 'TRANSFER_IN', 'TRANSFER_OUT', 'FEE', 'INTEREST', 'REVERSAL', 'ADJUSTMENT'] as const;
/** Only SUCCESSFUL transactions move a balance; the source's Declined and Reverted rows are kept and counted out. */
export const TRANSACTION_STATUSES = ['SUCCESSFUL', 'PENDING', 'DECLINED', 'REVERTED'] as const;
/** The currency the sample's accounts mostly hold (each account keeps its own; amounts are never converted). */
export const BALANCES_CURRENCY = 'USD';

/** A signed decimal column of `precision` and `scale`, within ±10^12. */
const signed =
  (precision: number, scale: number) =>
  (header: string, name: string, required: boolean, description: string): ColumnContract => ({
    header,
    name,
    type: { kind: 'decimal', precision, scale, min: '-1000000000000', max: '1000000000000' },
    required,
    description,
  });
/** A signed DECIMAL(18,2) amount. */
const money = signed(18, 2);

export const accountTransactions: EntityContract = {
  name: 'account_transactions',
  description: 'Wallet transactions as booked by the source (the seed\'s public.transactions_log).',
  grain: 'one row per transaction',
  columns: [
    id('TransactionID', 'transaction_id', 100, 'Natural key; also breaks ties between transactions booked at the same instant.'),
    id('AccountID', 'account_id', 100, 'The account (the seed\'s client_id).'),
    { header: 'CreatedAt', name: 'created_at', type: { kind: 'timestamp' }, required: true, description: 'Instant of booking, ISO-8601 with offset; its business date is the day it falls on in the business time zone.' },
    money('Amount', 'amount', true, 'Signed: + credits the account, − debits it.'),
    money('StartBalance', 'start_balance', false, 'Balance before the transaction as stamped by the source (checked, never trusted).'),
    money('EndBalance', 'end_balance', false, 'Balance after the transaction as stamped by the source (checked, never trusted).'),
    { header: 'TransactionType', name: 'transaction_type', type: { kind: 'enum', values: TRANSACTION_TYPES, reason: 'UNKNOWN_TXN_TYPE' }, required: true, description: 'What the booking is.' },
    { header: 'Status', name: 'status', type: { kind: 'enum', values: TRANSACTION_STATUSES }, required: true, description: 'Only SUCCESSFUL transactions count toward a balance.' },
    { header: 'ReversesTransactionID', name: 'reverses_transaction_id', type: { kind: 'id', maxLength: 100 }, required: false, description: 'On a REVERSAL row only: the transaction it compensates.' },
    id('Currency', 'currency', 3, 'ISO 4217 code; one currency per account.'),
  ],
  key: ['transaction_id'],
  loadMode: 'append',
  references: [
    {
      column: 'reverses_transaction_id',
      entity: 'account_transactions',
      entityColumn: 'transaction_id',
      when: `transaction_type = 'REVERSAL'`,
      reason: 'UNKNOWN_REVERSED_TRANSACTION',
    },
    {
      // The original must still count: reversing a REVERTED original would subtract it twice.
      column: 'reverses_transaction_id',
      entity: 'account_transactions',
      entityColumn: 'transaction_id',
      with: [{ expression: `'SUCCESSFUL'`, entityColumn: 'status' }],
      when: `transaction_type = 'REVERSAL'`,
      reason: 'DOUBLE_REVERSAL',
    },
  ],
  consistent: [{ columns: ['currency'], per: ['account_id'], reason: 'MIXED_CURRENCY' }],
  rules: [
    { name: 'currency_code', description: 'Three upper-case letters.', condition: `length(currency) = 3 and upper(currency) = currency`, reason: 'NOT_ACCEPTED' },
    { name: 'reversal_has_target', description: 'A REVERSAL names the transaction it reverses.', condition: `transaction_type <> 'REVERSAL' or reverses_transaction_id is not null`, reason: 'REVERSAL_WITHOUT_TARGET' },
    { name: 'target_only_on_reversal', description: 'Only a REVERSAL names a transaction it reverses.', condition: `transaction_type = 'REVERSAL' or reverses_transaction_id is null`, reason: 'TARGET_ON_NON_REVERSAL' },
    {
      name: 'balance_stamp',
      description: 'On a SUCCESSFUL row the source\'s stamps agree with the amount: EndBalance = StartBalance + Amount (other rows move nothing).',
      condition: `status <> 'SUCCESSFUL' or start_balance is null or end_balance is null or end_balance = start_balance + amount`,
      reason: 'BALANCE_CHAIN_BREAK',
      severity: 'warning',
    },
  ],
  redshift: { dist: { key: 'account_id' }, sort: ['created_at'], why: 'large; every balance is computed per account in time order' },
};

/** What a portfolio transaction does to a position (products.md B.2). */
export const POSITION_TYPES = ['BUY', 'SELL', 'DEPOSIT', 'WITHDRAWAL', 'LIEN', 'LIEN_RELEASE', 'TRANSFER_IN', 'TRANSFER_OUT', 'CONVERSION'] as const;
/** Only SUCCESSFUL transactions move a position. */
export const POSITION_STATUSES = ['SUCCESSFUL', 'DECLINED', 'REVERTED'] as const;
/** The location of a holding the source leaves empty (the seed drops such rows). */
export const UNALLOCATED_LOCATION = 'UNALLOCATED';

/** A signed DECIMAL(20,6) quantity of units. */
const units = signed(20, 6);

export const products: EntityContract = {
  name: 'products',
  description: 'The instruments clients hold, with their history: a change of trading-unit size or maturity is a new version.',
  grain: 'one row per product and effective date',
  columns: [
    id('ProductCode', 'product_code', 50, 'Natural key of the product.'),
    { header: 'ProductType', name: 'product_type', type: { kind: 'text', maxLength: 50 }, required: true, description: 'The kind of instrument.' },
    { header: 'UnitOfMeasure', name: 'unit_of_measure', type: { kind: 'text', maxLength: 20 }, required: true, description: 'What a trading unit is measured in (e.g. KG, TONNE, SHARE).' },
    {
      header: 'TradingUnitSize',
      name: 'trading_unit_size',
      type: { kind: 'decimal', precision: 20, scale: 6, min: '0.000001', max: '1000000000' },
      required: true,
      description: 'Measure per unit: volume = units × this, as of the day (the seed hard-codes ×1000 for one product type).',
    },
    { header: 'MaturityDate', name: 'maturity_date', type: { kind: 'date', future: true }, required: false, description: 'When the product matures (may lie ahead); empty when it does not.' },
    { header: 'EffectiveFrom', name: 'effective_from', type: { kind: 'date' }, required: true, default: '1990-01-01', description: 'The day these values take effect; a file without the column gives every row 1990-01-01.' },
  ],
  key: ['product_code', 'effective_from'],
  loadMode: 'upsert',
  references: [],
  rules: [],
  redshift: { dist: 'all', sort: ['product_code', 'effective_from'], why: 'small master read by every position build' },
};

export const portfolioTransactions: EntityContract = {
  name: 'portfolio_transactions',
  description: 'Movements of the units a client holds of a product at a location (the seed\'s public.portfolio_transactions_log).',
  grain: 'one row per transaction',
  columns: [
    id('TransactionID', 'transaction_id', 100, 'Natural key; also breaks ties between transactions booked at the same instant.'),
    id('ClientID', 'client_id', 100, 'The client holding the units.'),
    id('ProductCode', 'product_code', 50, 'The product (products.csv).'),
    { header: 'LocationCode', name: 'location_code', type: { kind: 'id', maxLength: 50 }, required: false, description: `Where the units are held; empty: ${UNALLOCATED_LOCATION}.` },
    { header: 'CreatedAt', name: 'created_at', type: { kind: 'timestamp' }, required: true, description: 'Instant of booking, ISO-8601 with offset; its business date is the day it falls on in the business time zone.' },
    { header: 'TransactionType', name: 'transaction_type', type: { kind: 'enum', values: POSITION_TYPES, reason: 'UNKNOWN_TXN_TYPE' }, required: true, description: 'What the movement is.' },
    units('UnitsDelta', 'units_delta', true, 'Signed change of the total units.'),
    units('LienDelta', 'lien_delta', true, 'Signed change of the units under lien (0 except for LIEN and LIEN_RELEASE).'),
    units('TotalUnitsAfter', 'total_units_after', false, 'Total units after the transaction as stamped by the source (checked, never trusted).'),
    units('LienUnitsAfter', 'lien_units_after', false, 'Units under lien after the transaction as stamped by the source.'),
    units('AvailableUnitsAfter', 'available_units_after', false, 'Available units after the transaction as stamped by the source.'),
    { header: 'Status', name: 'status', type: { kind: 'enum', values: POSITION_STATUSES }, required: true, description: 'Only SUCCESSFUL transactions move a position.' },
  ],
  key: ['transaction_id'],
  loadMode: 'append',
  references: [{ column: 'product_code', entity: 'products', entityColumn: 'product_code', asOf: { date: 'created_at', entityColumn: 'effective_from' }, reason: 'UNKNOWN_PRODUCT' }],
  rules: [
    {
      name: 'lien_moves_only_lien',
      description: 'A LIEN adds units under lien and a LIEN_RELEASE removes them, moving no total units; every other type moves no lien.',
      condition: `case transaction_type when 'LIEN' then lien_delta > 0 and units_delta = 0 when 'LIEN_RELEASE' then lien_delta < 0 and units_delta = 0 else lien_delta = 0 end`,
      reason: 'UNITS_SIGN',
    },
    {
      name: 'units_sign',
      description: 'BUY, DEPOSIT and TRANSFER_IN add units, SELL, WITHDRAWAL and TRANSFER_OUT remove them, a CONVERSION changes them.',
      condition: `case when transaction_type in ('BUY', 'DEPOSIT', 'TRANSFER_IN') then units_delta > 0 when transaction_type in ('SELL', 'WITHDRAWAL', 'TRANSFER_OUT') then units_delta < 0 when transaction_type = 'CONVERSION' then units_delta <> 0 else true end`,
      reason: 'UNITS_SIGN',
    },
  ],
  running: [
    {
      name: 'position_after_transaction',
      description: 'After each SUCCESSFUL transaction the position keeps 0 ≤ lien and lien ≤ total (available = total − lien ≥ 0).',
      per: ['client_id', 'product_code', 'location_code'],
      order: ['created_at', 'transaction_id'],
      when: `status = 'SUCCESSFUL'`,
      sums: [
        { name: 'total_units', expression: 'units_delta' },
        { name: 'lien_units', expression: 'lien_delta' },
      ],
      checks: [
        { condition: 'lien_units >= 0', reason: 'LIEN_UNDERFLOW' },
        { condition: 'total_units - lien_units >= 0', reason: 'INSUFFICIENT_AVAILABLE_UNITS' },
      ],
    },
  ],
  redshift: { dist: { key: 'client_id' }, sort: ['created_at'], why: 'positions are computed per client in time order' },
};

export const inventoryMovements: EntityContract = {
  name: 'inventory_movements',
  description: 'Movements of stock per store, product and quality level (the seed\'s inventory.store_inventory_transaction).',
  grain: 'one row per movement',
  columns: [
    id('MovementID', 'movement_id', 100, 'Natural key; also breaks ties between movements booked at the same instant.'),
    id('StoreID', 'store_id', 50, 'The store holding the stock.'),
    id('ProductID', 'product_id', 50, 'The product (products.csv ProductCode).'),
    id('QualityLevel', 'quality_level', 20, 'The grade the stock is held at.'),
    { header: 'OwnerClientID', name: 'owner_client_id', type: { kind: 'id', maxLength: 100 }, required: false, description: 'The client owning the stock; empty: the company.' },
    { header: 'CreatedAt', name: 'created_at', type: { kind: 'timestamp' }, required: true, description: 'Instant of booking, ISO-8601 with offset; its business date is the day it falls on in the business time zone.' },
    units('UnitsDelta', 'units_delta', true, 'Signed change of the available units.'),
    units('ReservedUnitsDelta', 'reserved_units_delta', true, 'Signed change of the reserved units.'),
    units('VolumeDelta', 'volume_delta', true, 'Signed change of the available volume, in the product\'s unit of measure.'),
    units('ReservedVolumeDelta', 'reserved_volume_delta', true, 'Signed change of the reserved volume.'),
    { header: 'IsDeleted', name: 'is_deleted', type: { kind: 'boolean' }, required: true, default: 'false', description: 'A movement the source deleted: kept, moves nothing.' },
  ],
  key: ['movement_id'],
  loadMode: 'append',
  references: [{ column: 'product_id', entity: 'products', entityColumn: 'product_code', asOf: { date: 'created_at', entityColumn: 'effective_from' }, reason: 'UNKNOWN_PRODUCT' }],
  rules: [],
  running: [
    {
      name: 'stock_after_movement',
      description: 'After each movement not deleted, a store keeps available ≥ 0 and reserved ≥ 0, in units and in volume.',
      per: ['store_id', 'product_id', 'quality_level'],
      order: ['created_at', 'movement_id'],
      when: 'not is_deleted',
      sums: [
        { name: 'available_units', expression: 'units_delta' },
        { name: 'reserved_units', expression: 'reserved_units_delta' },
        { name: 'available_volume', expression: 'volume_delta' },
        { name: 'reserved_volume', expression: 'reserved_volume_delta' },
      ],
      checks: [
        { condition: 'reserved_units >= 0 and reserved_volume >= 0', reason: 'RESERVED_UNDERFLOW' },
        { condition: 'available_units >= 0 and available_volume >= 0', reason: 'INSUFFICIENT_AVAILABLE_UNITS' },
      ],
    },
  ],
  redshift: { dist: { key: 'store_id' }, sort: ['created_at'], why: 'stock is computed per store in time order' },
};

const parameters: ParameterContract[] = [
  businessTimeZoneParameter('balance days'),
  throughDayParameter('balance_through', 'the last balance day, YYYY-MM-DD (every account carries its balance to it; later transactions wait); empty: the last day with a transaction'),
];

export const balancesContract: DataProductContract = {
  name: 'balances',
  description: 'Wallet transactions of client accounts, portfolio movements of their holdings and store inventory movements, turned into daily balances and positions.',
  entities: [accountTransactions, products, portfolioTransactions, inventoryMovements],
  earliestDate: '1990-01-01',
  maxFutureDays: 1,
  reasonCodes: {
    UNKNOWN_TXN_TYPE: `TransactionType is not one of ${TRANSACTION_TYPES.join(', ')}.`,
    UNKNOWN_REVERSED_TRANSACTION: 'A REVERSAL names a transaction that is neither loaded nor valid in this file.',
    DOUBLE_REVERSAL: 'A REVERSAL names a transaction that is not SUCCESSFUL (a REVERTED original would be subtracted twice; a DECLINED or PENDING one moved nothing).',
    REVERSAL_WITHOUT_TARGET: 'A REVERSAL without ReversesTransactionID.',
    TARGET_ON_NON_REVERSAL: 'ReversesTransactionID on a row that is not a REVERSAL.',
    MIXED_CURRENCY: 'The account already holds another currency (loaded before, or on another row of the file): an account has one currency.',
    BALANCE_CHAIN_BREAK: 'Warning: the source\'s stamps disagree (EndBalance ≠ StartBalance + Amount, or StartBalance ≠ the previous EndBalance); the row loads and the balance is recomputed from Amount.',
    UNKNOWN_PRODUCT: 'A portfolio transaction names a ProductCode that products.csv does not define on its date.',
    UNITS_SIGN: 'The deltas do not fit the transaction type (a SELL adding units, a LIEN moving total units, lien moved by another type).',
    INSUFFICIENT_AVAILABLE_UNITS: 'The transaction would take the available units below 0: for a position (total − lien) a SELL, WITHDRAWAL, TRANSFER_OUT or LIEN larger than what is available; for a store\'s stock a movement taking more units or volume than are available.',
    LIEN_UNDERFLOW: 'A LIEN_RELEASE larger than the units under lien.',
    RESERVED_UNDERFLOW: 'An inventory movement would take a store\'s reserved units or volume below 0 (releasing more than is reserved).',
  },
  parameters,
};
