import { likelyCause } from './fix-hints';

describe('likelyCause', () => {
  it.each([
    ['INVALID_TIMESTAMP', '1/13/2025 10:00', null, 'reformatted by a spreadsheet'],
    ['INVALID_DATE', '13.01.2025', null, 'reformatted by a spreadsheet'],
    ['INVALID_TIMESTAMP', '1/13/2025 10:00 AM', null, 'reformatted by a spreadsheet'],
    ['INVALID_ENCODING', null, 'P1,Caf\ufffd', 'CSV UTF-8'],
    ['ROW_TOO_FEW_FIELDS', null, 'T1;2024-01-03;P1', '`;`-delimited'],
    ['INVALID_NUMBER', '$1,200', null, undefined],
    ['INVALID_TIMESTAMP', '2025-13-45T10:00:00Z', null, undefined],
    ['ROW_TOO_FEW_FIELDS', null, 'T1,2024-01-03', undefined],
  ])('%s %j %j → %s', (code, value, record, expected) => {
    const cause = likelyCause(code, value, record);
    if (expected === undefined) expect(cause).toBeUndefined();
    else expect(cause).toContain(expected);
  });
});
