// What the ledger takes and gives: references to products, warehouses and documents, the
// operations a document asks for, and the plan a check hands to apply.

import type { Problem } from '../../errors.js';
import type { DocumentType, MovementKind, SerialStatus } from '../../db/schema.js';

export interface ProductRef {
  id: number;
  code: string;
  serialized: boolean;
  /**
   * P-7: a Never Diminishing product (a service, labour) has no stock. Its lines still
   * count, but the ledger neither checks nor changes a stock level for it. Required, so
   * that every place that names a product to the ledger has to say.
   */
  neverDiminishing: boolean;
}

/**
 * Whether the product's stock level follows its operations. A serialized product's always
 * does (its level is its available serials, invariant 2); P-2 keeps such a product from
 * being Never Diminishing anyway.
 */
export function holdsStock(product: ProductRef): boolean {
  return product.serialized || !product.neverDiminishing;
}

export interface WarehouseRef {
  id: number;
  code: string;
}

export interface DocumentRef {
  type: DocumentType;
  id: number;
  number: string;
}

/** A serial as given, before N-1/N-2 checks, with where it came from for error messages. */
export interface SerialInput {
  raw: string;
  source?: string;
}

interface OpBase {
  /** movement kind recorded in history */
  movement: MovementKind;
  product: ProductRef;
  /** the document line this operation belongs to, set once the line exists */
  lineId?: number | null;
}

/** Units enter stock in a warehouse: new serials, or returning ones (N-4). */
export interface InOp extends OpBase {
  op: 'in';
  warehouse: WarehouseRef;
  quantityE4: number;
  serials: SerialInput[];
  unitCost?: number | null;
  /**
   * The assembled units (serial ids) this document takes apart: a component inside one of
   * them comes out with it. A component inside any other unit stays there (M-4).
   */
  takenApart?: ReadonlySet<number>;
}

/** Units leave stock from a warehouse: serials become unavailable. */
export interface OutOp extends OpBase {
  op: 'out';
  warehouse: WarehouseRef;
  quantityE4: number;
  serials: SerialInput[];
}

/**
 * Units change warehouse and stay in stock: each serial stays the same record and stays
 * available, with one movement from → to (a transfer, a count's "wrong place" finding).
 */
export interface MoveOp extends OpBase {
  op: 'move';
  from: WarehouseRef;
  to: WarehouseRef;
  quantityE4: number;
  serials: SerialInput[];
}

/** P-5: stock already there gets its serials; the stock level does not change. */
export interface SerializeOp extends OpBase {
  op: 'serialize';
  warehouse: WarehouseRef;
  serials: SerialInput[];
}

/** P-6: every serial record of the product becomes deleted, history kept. */
export interface UnserializeOp extends OpBase {
  op: 'unserialize';
}

export type LedgerOp = InOp | OutOp | MoveOp | SerializeOp | UnserializeOp;

/**
 * K-3: levels no document may move right now, and the document holding each (label "stock
 * count", number "SC-00000003"). Built by core/documents/stock-freeze.ts from the registry.
 */
export interface FrozenLevels {
  any: boolean;
  by(productId: number, warehouseId: number): { label: string; number: string } | undefined;
}

/**
 * Serials a document in progress holds for itself (a parked assembly's components): no other
 * document may take them. Built by core/documents/serial-holds.ts from the registry.
 */
export interface HeldSerials {
  any: boolean;
  of(serialIds: readonly number[]): Promise<Map<number, { label: string; number: string }>>;
}

/** What else, beyond the ledger's own state, a check must respect. */
export interface Guards {
  frozen?: FrozenLevels;
  held?: HeldSerials;
}

export interface ExistingSerial {
  id: number;
  serial: string;
  serial_key: string;
  status: SerialStatus;
  warehouse_id: number | null;
  last_movement_id: number;
}

export interface PlannedSerial {
  text: string;
  key: string;
  existing?: ExistingSerial;
  /** the serial's id, set by apply once written (new serials get theirs there) */
  id?: number;
}

export interface PlannedOp {
  op: LedgerOp;
  serials: PlannedSerial[];
  /** for unserialize: every non-deleted serial of the product */
  toDelete?: ExistingSerial[];
}

/** N-4: a unit that left stock (or was deleted) and came back in. */
export interface ReturningSerial {
  serial: string;
  product: string;
  previousStatus: SerialStatus;
  lastDocument: string | null;
}

export interface Plan {
  ops: PlannedOp[];
  returning: ReturningSerial[];
}

export interface CheckResult {
  problems: Problem[];
  plan: Plan;
}

export interface ApplyResult {
  serialsCreated: number;
  serialsReturned: number;
  serialsRemoved: number;
  serialsMoved: number;
  serialMovements: number;
}
