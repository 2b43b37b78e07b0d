// Money as the API sends it (integer minor units and a lower-case ISO 4217 code) in words people read.
const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  const code = currency.toUpperCase();
  let formatter = formatters.get(code);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en', { style: 'currency', currency: code });
    formatters.set(code, formatter);
  }
  return formatter;
}

/** `formatMoney(1299, 'usd')` → "$12.99"; currencies without minor units (jpy) are not divided. */
export function formatMoney(amount: number, currency: string): string {
  try {
    const formatter = formatterFor(currency);
    const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
    return formatter.format(amount / 10 ** digits);
  } catch {
    return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}
