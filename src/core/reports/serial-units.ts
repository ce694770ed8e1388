// The units a serial text names: one per product that has it (N-3: unique per product,
// compared ignoring case), or that product's only. History and trace start from here, and
// refuse an unknown product or serial in the same words.

import { RejectedError, shown } from '../../errors.js';
import { findProduct } from '../master-data/lookup.js';
import { quoteSerial, serialKey } from '../values/serial-text.js';
import type { Db } from '../../db/open.js';

export interface SerialUnit {
  id: number;
  serial: string;
  product: string;
}

/** Deeper than any real product: a guard against a damaged ledger's cycle of links, not a limit anyone meets. */
export const MAX_LINK_DEPTH = 64;

/** The units of this serial text (of this product, if given), by product code; at least one, or RejectedError. */
export async function unitsOfSerial(db: Db, serial: string, product?: string): Promise<SerialUnit[]> {
  let productId: number | undefined;
  if (product !== undefined) {
    const found = await findProduct(db, product);
    if (!found) throw new RejectedError([{ code: 'unknown_product', message: `There is no product ${shown(product)}.`, fix: 'See them with: serials product list', product }]);
    productId = found.id;
  }
  let query = db
    .selectFrom('serials as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select(['s.id', 's.serial', 'p.code as product'])
    .where('s.serial_key', '=', serialKey(serial.trim()))
    .orderBy('p.code_key');
  if (productId !== undefined) query = query.where('s.product_id', '=', productId);
  const units = await query.execute();
  if (units.length === 0) {
    throw new RejectedError([
      {
        code: 'unknown_serial',
        message: `No serial ${quoteSerial(serial)}${product ? ` of product ${product}` : ''} is in the ledger.`,
        fix: `Search for part of it with: serials enquiry --contains ${quoteSerial(serial.trim())}`,
        serial,
        product,
      },
    ]);
  }
  return units;
}
