import { describe, expect, it } from 'vitest';
import { formatMoney, parseDecimal, toDecimalInput } from './money';

describe('money', () => {
  it('formats minor units with the currency', () => {
    expect(formatMoney(2500, 'usd')).toBe('$25.00');
    expect(formatMoney(123456, 'eur')).toBe('€1,234.56');
    expect(formatMoney(500, 'jpy')).toBe('¥500');
    expect(formatMoney(1234, 'kwd')).toMatch(/^KWD\s1\.234$/);
  });

  it('reads decimals into minor units without floating point', () => {
    expect(parseDecimal('25.00', 'usd')).toBe(2500);
    expect(parseDecimal('25', 'usd')).toBe(2500);
    expect(parseDecimal('25.5', 'usd')).toBe(2550);
    expect(parseDecimal('0.29', 'usd')).toBe(29);
    expect(parseDecimal('.5', 'usd')).toBe(50);
    expect(parseDecimal('1,250.10', 'usd')).toBe(125010);
    expect(parseDecimal('19.99', 'usd')).toBe(1999);
    expect(parseDecimal('500', 'jpy')).toBe(500);
  });

  it('refuses what is not an amount in that currency', () => {
    expect(parseDecimal('', 'usd')).toBeNull();
    expect(parseDecimal('abc', 'usd')).toBeNull();
    expect(parseDecimal('-1', 'usd')).toBeNull();
    expect(parseDecimal('1.234', 'usd')).toBeNull();
    expect(parseDecimal('5.5', 'jpy')).toBeNull();
  });

  it('writes minor units back as the decimal a price field shows', () => {
    expect(toDecimalInput(2500, 'usd')).toBe('25.00');
    expect(toDecimalInput(5, 'usd')).toBe('0.05');
    expect(toDecimalInput(500, 'jpy')).toBe('500');
  });
});
