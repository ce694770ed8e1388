// Counts in messages (thousands separators, the right plural): the same words as core's.

export { count, listed } from '../../core/values/words.js';
