// An assembly by its number, and whether it is in a state that allows what was asked: a
// parked one can be completed or deleted; a completed one is undone only by disassembling
// its units; a deleted one is done with.

import { RejectedError, shown } from '../../errors.js';
import { typedNumber } from '../documents/numbering.js';
import type { Db } from '../../db/open.js';
import type { AssemblyStatus } from '../../db/schema.js';

export interface AssemblyHeader {
  id: number;
  number: string;
  status: AssemblyStatus;
  productId: number;
  product: string;
  productSerialized: boolean;
  quantityE4: number;
  fromId: number;
  from: string;
  toId: number;
  to: string;
  createdAt: string;
  completedAt: string | null;
}

/** The assembly with this number (typed in any case), or a rejection saying how to list them. */
export async function findAssembly(db: Db, number: string): Promise<AssemblyHeader> {
  const r = await db
    .selectFrom('assemblies as a')
    .innerJoin('products as p', 'p.id', 'a.product_id')
    .innerJoin('warehouses as f', 'f.id', 'a.from_warehouse_id')
    .innerJoin('warehouses as t', 't.id', 'a.to_warehouse_id')
    .select(['a.id', 'a.number', 'a.status', 'a.product_id', 'p.code', 'p.serialized', 'a.quantity_e4', 'a.from_warehouse_id', 'f.code as from', 'a.to_warehouse_id', 't.code as to', 'a.created_at', 'a.completed_at'])
    .where('a.number', 'in', typedNumber(number))
    .executeTakeFirst();
  if (!r) throw new RejectedError([{ code: 'unknown_assembly', message: `There is no assembly ${shown(number)}.`, fix: 'List assemblies with: serials assembly list', document: number }]);
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    productId: r.product_id,
    product: r.code,
    productSerialized: r.serialized === 1,
    quantityE4: r.quantity_e4,
    fromId: r.from_warehouse_id,
    from: r.from,
    toId: r.to_warehouse_id,
    to: r.to,
    createdAt: r.created_at,
    completedAt: r.completed_at,
  };
}

/** A parked assembly, or a rejection saying why this one cannot be `doing` (completed, deleted). */
export async function findParkedAssembly(db: Db, number: string, doing: string): Promise<AssemblyHeader> {
  const a = await findAssembly(db, number);
  if (a.status === 'parked') return a;
  throw new RejectedError([
    {
      code: 'assembly_not_parked',
      message: `Assembly ${a.number} is ${a.status}, so it cannot be ${doing}.`,
      fix:
        a.status === 'completed'
          ? `Its units are made; to undo it, take them apart: serials disassemble ${a.product} --warehouse ${a.to} --serials ...`
          : `See it with: serials assembly show ${a.number}`,
      document: a.number,
    },
  ]);
}
