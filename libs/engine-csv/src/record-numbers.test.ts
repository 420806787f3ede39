import { recFromOrdinal, rejectShifts } from './record-numbers';

describe('record numbers around rejected records', () => {
  it.each([
    ['no rejects', [], []],
    ['first record rejected', [2], [{ from: 0, shift: 1 }]],
    ['two apart', [5, 9], [{ from: 3, shift: 1 }, { from: 6, shift: 2 }]],
    ['consecutive rejects share one jump', [5, 6, 7], [{ from: 3, shift: 3 }]],
    ['unsorted input', [9, 5], [{ from: 3, shift: 1 }, { from: 6, shift: 2 }]],
  ])('%s', (_name, lines, expected) => {
    expect(rejectShifts(lines.map((line) => ({ line, kind: 'too_few_fields' as const, rawText: '' })))).toEqual(expected);
  });

  it('maps an ordinal to its line (header = line 1)', () => {
    expect(recFromOrdinal('k', [])).toBe('(k + 2)');
    expect(recFromOrdinal('k', [{ from: 3, shift: 1 }])).toBe('(k + 2 + case when k >= 3 then 1 else 0 end)');
  });
});
