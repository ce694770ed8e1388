// Counts in messages: thousands separators and the right plural ("1 line", "2 lines",
// "100,000 serials"). Core messages and the command line say counts the same way.

import { grouped } from '../../io/number-text.js';

export { grouped };

export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${grouped(n)} ${n === 1 ? singular : plural}`;
}


/** A list of names in a sentence: "A", "A and B", "A, B and C". */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
