import { describe, expect, it } from 'vitest';
import { csvRecords, parseCsv } from './csv-file';

describe('CSV for imports', () => {
  it('reads quoted fields, doubled quotes, CRLF and a BOM, and skips blank lines', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",z')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', 'z'],
    ]);
  });

  it('numbers rows as the server does: the header is row 1', () => {
    expect(csvRecords('sku,name,price\nA-1,Tee,2500\nB-2,Mug\n')).toEqual([
      { row: 2, values: { sku: 'A-1', name: 'Tee', price: '2500' } },
      { row: 3, values: { sku: 'B-2', name: 'Mug', price: '' } },
    ]);
  });
});
