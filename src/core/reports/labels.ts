// Serial labels: what each label says — the product's code and description and the serial —
// for the serials a document moved (a receipt, a transfer, a credit: any numbered document
// of the registry; an order stands for the documents that belong to it), or for serials
// given with their product.
//
// Serials given need not be in the ledger yet: labels are often printed before the units
// are received (and scanned in from the labels). Their text must be a serial's (N-1, N-2);
// one the ledger has is printed as the ledger spells it (N-3).

import { RejectedError, shown, type Problem } from '../../errors.js';
import { IN_LIST, chunk } from '../../db/chunk.js';
import { streamRows } from '../../db/stream.js';
import { documentPrefixes } from '../documents/links.js';
import { resolveDocument } from '../documents/resolve.js';
import { requireProduct, type ProductInfo } from '../master-data/lookup.js';
import { serialText } from '../ledger/rules.js';
import type { SerialInput } from '../ledger/types.js';
import type { Db } from '../../db/open.js';

export interface Label {
  product: string;
  description: string;
  serial: string;
}

/** Labels to print: how many, and the labels a chunk at a time (in the order the document moved them). */
export interface Labels {
  count: number;
  /** serials the ledger does not have yet (given serials only) */
  unknown: number;
  rows(): AsyncIterable<Label[]>;
}

/** A label for every serial the document moved, in the order it moved them. */
export async function documentLabels(db: Db, number: string): Promise<Labels> {
  const resolved = await resolveDocument(db, number);
  const keys = resolved.filter((k) => k.ids.length > 0);
  if (resolved.length === 0) {
    throw new RejectedError([{ code: 'unknown_document', message: `There is no document ${shown(number)}.`, fix: `Give a document number such as ${documentPrefixes()}.`, document: number }]);
  }
  const parts = keys.flatMap((k) => chunk(k.ids, IN_LIST).map((ids) => ({ type: k.type, ids })));
  const moved = (part: (typeof parts)[number]) =>
    db
      .selectFrom('serial_movements as m')
      .where('m.document_type', '=', part.type)
      .where('m.document_id', 'in', part.ids);
  let count = 0;
  for (const part of parts) {
    const row = await moved(part).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    count += Number(row.n);
  }
  if (count === 0) {
    throw new RejectedError([
      { code: 'no_serials', message: `${shown(number)} moved no serials: there is nothing to label.`, fix: 'Give a document that received, moved or returned serialized units, or give serials with --product and --serials.', document: number },
    ]);
  }
  return {
    count,
    unknown: 0,
    async *rows() {
      for (const part of parts) {
        const query = moved(part)
          .innerJoin('serials as s', 's.id', 'm.serial_id')
          .innerJoin('products as p', 'p.id', 's.product_id')
          .select(['p.code as product', 'p.description', 's.serial'])
          .orderBy('m.id');
        yield* streamRows(db, query);
      }
    },
  };
}

export interface GivenSerial extends SerialInput {
  /** the product of this serial (a file's Product Code column), else the one given for all */
  product?: string;
}

/** A label for each serial given, in the order given; every problem (an unknown product, a serial that cannot be one) is reported at once. */
export async function givenLabels(db: Db, serials: readonly GivenSerial[], product?: string): Promise<Labels> {
  const problems: Problem[] = [];
  const products = new Map<string, ProductInfo | undefined>();
  const productOf = async (code: string, source?: string) => {
    const key = code.trim().toLowerCase();
    if (!products.has(key)) products.set(key, await requireProduct(db, code.trim(), problems, source));
    return products.get(key);
  };
  const labels: Label[] = [];
  for (const s of serials) {
    const code = s.product ?? product;
    const info = code === undefined ? undefined : await productOf(code, s.source);
    const checked = serialText(s, code);
    if (!checked.ok) {
      problems.push(checked.problem);
      continue;
    }
    if (info) labels.push({ product: info.code, description: info.description, serial: checked.text });
  }
  if (problems.length) throw new RejectedError(problems);
  // as the ledger spells the ones it has
  let unknown = 0;
  const byProduct = new Map<string, Label[]>();
  for (const l of labels) {
    const list = byProduct.get(l.product);
    if (list) list.push(l);
    else byProduct.set(l.product, [l]);
  }
  for (const [code, list] of byProduct) {
    const info = products.get(code.toLowerCase()) as ProductInfo;
    const known = new Map<string, string>();
    for (const part of chunk(list.map((l) => l.serial.toLowerCase()), IN_LIST)) {
      const rows = await db.selectFrom('serials').select(['serial_key', 'serial']).where('product_id', '=', info.id).where('serial_key', 'in', part).execute();
      for (const r of rows) known.set(r.serial_key, r.serial);
    }
    for (const l of list) {
      const text = known.get(l.serial.toLowerCase());
      if (text === undefined) unknown++;
      else l.serial = text;
    }
  }
  return {
    count: labels.length,
    unknown,
    async *rows() {
      for (let i = 0; i < labels.length; i += 1000) yield labels.slice(i, i + 1000);
    },
  };
}
