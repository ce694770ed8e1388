// Counts in messages: thousands separators and the right plural ("1 line", "2 lines",
// "100,000 serials"). Core messages and the command line say counts the same way.

import { grouped, listed } from '../../io/words.js';

export { grouped, listed };

export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${grouped(n)} ${n === 1 ? singular : plural}`;
}
