import type { Migration } from 'kysely';
import * as m0001 from './0001_ledger.js';
import * as m0002 from './0002_imports.js';
import * as m0003 from './0003_sales_orders.js';
import * as m0004 from './0004_shipments.js';
import * as m0005 from './0005_credits_and_supplier_returns.js';
import * as m0006 from './0006_shipment_serials_parked_only.js';
import * as m0007 from './0007_mark_ledger.js';
import * as m0008 from './0008_transfers_and_counts.js';
import * as m0009 from './0009_assemblies.js';

// Every migration, in order. Listed statically so the bundled CLI carries them; add new
// ones here with the next number.
export const migrations: Record<string, Migration> = {
  '0001_ledger': m0001,
  '0002_imports': m0002,
  '0003_sales_orders': m0003,
  '0004_shipments': m0004,
  '0005_credits_and_supplier_returns': m0005,
  '0006_shipment_serials_parked_only': m0006,
  '0007_mark_ledger': m0007,
  '0008_transfers_and_counts': m0008,
  '0009_assemblies': m0009,
};
