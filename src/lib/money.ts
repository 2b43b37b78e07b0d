// Money as the API sends and takes it: integers in minor units with a lower-case ISO 4217 currency (API.md:
// Money), formatted with Intl and entered as decimals ("25.00" → 2500), never through floats.

const formats = new Map<string, Intl.NumberFormat>();

function formatFor(currency: string): Intl.NumberFormat | null {
  const code = currency.toUpperCase();
  let format = formats.get(code);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en', { style: 'currency', currency: code });
    } catch {
      return null;
    }
    formats.set(code, format);
  }
  return format;
}

/** How many decimals the currency has (2 for usd, 0 for jpy, 3 for kwd). */
export function currencyDigits(currency: string): number {
  return formatFor(currency)?.resolvedOptions().maximumFractionDigits ?? 2;
}

/** 2500 usd → "$25.00"; an unknown code falls back to "25.00 XYZ". */
export function formatMoney(amount: number, currency: string): string {
  const format = formatFor(currency);
  const digits = currencyDigits(currency);
  const major = amount / 10 ** digits;
  return format ? format.format(major) : `${major.toFixed(digits)} ${currency.toUpperCase()}`;
}

/** 2500 usd → "25.00": the amount as a price field shows it for editing. */
export function toDecimalInput(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === 0) return String(amount);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * "25", "25.5", "25.00", "1,250.00" in usd → 2500, 2550, 2500, 125000 (minor units, by string arithmetic);
 * null when it is not a non-negative amount with at most the currency's decimals.
 */
export function parseDecimal(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const clean = text.trim().replace(/[\s,]/g, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(clean) ?? /^()\.(\d+)$/.exec(clean);
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > digits) return null;
  const minor = Number((whole || '0') + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}
