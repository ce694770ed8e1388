// The ledger: the ONLY code that creates serials, changes their status or warehouse, or
// changes a stock level. Every document expresses itself as a list of ledger operations
// (in, out, move, serialize, unserialize), checked in one pass (check.ts, by the rules of
// rules.ts) and then written (apply.ts) inside the same write transaction. Imports of any
// size enter serials through bulk-entry.ts, the scanner asks scan-check.ts, and both
// follow the same rules. `db verify` (verify.ts) replays the movements they write.

export * from './types.js';
export { check } from './check.js';
export { apply } from './apply.js';
export { findSerials, insideUnits, openLinks, type OpenLink } from './lookups.js';
export { serialProblem } from './scan-check.js';
export { startBulkEntry } from './bulk-entry.js';
