// Numbers and lists as messages, tables and sheets write them ("1,234,567", "A, B and C");
// shared by every layer, as errors.ts is.

/**
 * A number as `toLocaleString('en')` writes it ("1,234,567.5"): digits grouped in thousands,
 * at most `max` decimals (rounded half away from zero, as written in decimal) and at least
 * `min`. Done by hand because the first toLocaleString of a process loads ICU's number
 * formatting, 20 to 25 ms of every command that prints a count.
 */
export function grouped(n: number, decimals: { min?: number; max?: number } = {}): string {
  if (!Number.isFinite(n)) return String(n);
  const max = decimals.max ?? 3;
  const min = decimals.min ?? 0;
  const abs = Math.abs(n);
  // rounded on the decimal digits (1.005 is 1.01, as ICU has it; toFixed would say 1.00),
  // then cut from the digits of that integer: no binary fraction comes back in
  const scaled = Math.round(Number(`${abs}e${max}`));
  let whole: string;
  let fraction: string;
  if (Number.isSafeInteger(scaled)) {
    const digits = String(scaled).padStart(max + 1, '0');
    whole = max > 0 ? digits.slice(0, -max) : digits;
    fraction = max > 0 ? digits.slice(-max) : '';
  } else {
    // past 2^53 the digits are not exact anyway: as JavaScript writes the number
    [whole = '0', fraction = ''] = String(abs).split('.');
    fraction = fraction.slice(0, max);
  }
  fraction = fraction.replace(/0+$/, '').padEnd(min, '0');
  whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = n < 0 && (Number(whole.replace(/,/g, '')) > 0 || /[1-9]/.test(fraction)) ? '-' : '';
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A list of names in a sentence: "A", "A and B", "A, B and C". */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
