// The document-type registry: every kind of document is declared here once. Numbering,
// `enquiry --document`, enquiry's customer/supplier/sales-order filters, the party and
// order columns of enquiry and history, and P-4's open-documents check are derived from
// these entries, so a new document type is one entry here (plus its migration and module).

import type { Database, DocumentType, MovementKind } from '../../db/schema.js';

export type { DocumentType, MovementKind };

/** The documents other documents belong to: a receipt to its purchase order, and so on. */
export type OrderType = 'purchase_order' | 'sales_order';
export type PartyKind = 'supplier' | 'customer';

/** Tables of numbered documents: each has `id` and a unique `number`. */
export type NumberedTable =
  | 'purchase_orders'
  | 'purchase_receipts'
  | 'supplier_returns'
  | 'sales_orders'
  | 'shipments'
  | 'credits'
  | 'adjustments'
  | 'serialization_changes'
  | 'imports'
  | 'transfers'
  | 'stock_counts'
  | 'assemblies'
  | 'disassemblies';

/** A document table's column that holds the id of a row in another table. */
type ColumnOf<T extends keyof Database> = Extract<keyof Database[T], string>;

export interface DocumentSpec<T extends NumberedTable = NumberedTable> {
  type: DocumentType;
  /** as people say it: "purchase order" */
  label: string;
  /** numbers run PREFIX-00000001, PREFIX-00000002, ... */
  prefix: string;
  table: T;
  /** the order it belongs to, by a column of its own row (null allowed: a free credit) */
  order?: { type: OrderType; column: ColumnOf<T> };
  /** its supplier or customer: a column of its own row, or of its order's row */
  party?: { kind: PartyKind; column: string; of: 'self' | 'order' };
  /**
   * Whether the serials it moved are among those its order and party are asked about
   * (`enquiry --document PO-…`, `--supplier`, `--so`): what a supplier delivered, what a
   * customer was sent or sent back. Not so a supplier return: R-2 lets a unit received
   * unserialized on an order go back on it, whoever delivered it. Default true.
   */
  countsForOrderAndParty?: boolean;
  /**
   * P-4: while one is open it blocks a change to a product's serialized flag: its lines
   * table, the line column naming the document, and the statuses that count as open.
   */
  blocksSerializationChange?: {
    lines: keyof Database;
    column: string;
    openStatuses: readonly string[];
    listed: number;
    /** a document that makes a product names it on its own row, in this column, besides its lines */
    product?: ColumnOf<T>;
  };
  /**
   * K-3: while one is in one of `statuses`, no other document may move stock of the products
   * on its lines in its warehouse (`warehouse`, a column of its own row).
   */
  freezesStock?: { lines: keyof Database; column: string; warehouse: ColumnOf<T>; statuses: readonly string[] };
  /**
   * While one is in one of `statuses`, the serials it lists in `table` (column `serial`, the
   * document in `column`) are held for it: no other document may take them out of stock or
   * move them (a parked assembly's component units).
   */
  holdsSerials?: { table: keyof Database; column: string; serial: string; statuses: readonly string[] };
  /** the movements it records; an order records none of its own, its documents do */
  movements: readonly MovementKind[];
}

const spec = <T extends NumberedTable>(s: DocumentSpec<T>): DocumentSpec => s as unknown as DocumentSpec;

export const DOCUMENT_TYPES: readonly DocumentSpec[] = [
  spec({
    type: 'purchase_order',
    label: 'purchase order',
    prefix: 'PO',
    table: 'purchase_orders',
    party: { kind: 'supplier', column: 'supplier_id', of: 'self' },
    blocksSerializationChange: { lines: 'purchase_order_lines', column: 'purchase_order_id', openStatuses: ['open'], listed: 2 },
    movements: [],
  }),
  spec({
    type: 'purchase_receipt',
    label: 'purchase receipt',
    prefix: 'PR',
    table: 'purchase_receipts',
    order: { type: 'purchase_order', column: 'purchase_order_id' },
    party: { kind: 'supplier', column: 'supplier_id', of: 'order' },
    movements: ['receipt'],
  }),
  spec({
    type: 'sales_order',
    label: 'sales order',
    prefix: 'SO',
    table: 'sales_orders',
    party: { kind: 'customer', column: 'customer_id', of: 'self' },
    blocksSerializationChange: { lines: 'sales_order_lines', column: 'sales_order_id', openStatuses: ['open'], listed: 3 },
    movements: [],
  }),
  spec({
    type: 'shipment',
    label: 'shipment',
    prefix: 'SS',
    table: 'shipments',
    order: { type: 'sales_order', column: 'sales_order_id' },
    party: { kind: 'customer', column: 'customer_id', of: 'order' },
    // a parked shipment is open until dispatched, whatever became of its order
    blocksSerializationChange: { lines: 'shipment_lines', column: 'shipment_id', openStatuses: ['parked'], listed: 1 },
    movements: ['shipment'],
  }),
  spec({
    type: 'credit',
    label: 'credit',
    prefix: 'CN',
    table: 'credits',
    // null for a free credit (C-4): its customer is its own
    order: { type: 'sales_order', column: 'sales_order_id' },
    party: { kind: 'customer', column: 'customer_id', of: 'self' },
    movements: ['credit'],
  }),
  spec({
    type: 'supplier_return',
    label: 'supplier return',
    prefix: 'SR',
    table: 'supplier_returns',
    order: { type: 'purchase_order', column: 'purchase_order_id' },
    party: { kind: 'supplier', column: 'supplier_id', of: 'order' },
    countsForOrderAndParty: false,
    movements: ['supplier_return'],
  }),
  spec({ type: 'adjustment', label: 'adjustment', prefix: 'SA', table: 'adjustments', movements: ['adjustment_in', 'adjustment_out'] }),
  spec({ type: 'serialization', label: 'serialization change', prefix: 'SZ', table: 'serialization_changes', movements: ['serialize', 'unserialize'] }),
  spec({ type: 'import', label: 'import', prefix: 'IM', table: 'imports', movements: ['import', 'serialize'] }),
  spec({ type: 'transfer', label: 'transfer', prefix: 'WT', table: 'transfers', movements: ['transfer'] }),
  spec({
    type: 'stock_count',
    label: 'stock count',
    prefix: 'SC',
    table: 'stock_counts',
    // its expected serials would no longer mean anything
    blocksSerializationChange: { lines: 'stock_count_lines', column: 'stock_count_id', openStatuses: ['open', 'in_progress'], listed: 4 },
    freezesStock: { lines: 'stock_count_lines', column: 'stock_count_id', warehouse: 'warehouse_id', statuses: ['in_progress'] },
    movements: ['count_in', 'count_out', 'count_move'],
  }),
  spec({
    type: 'assembly',
    label: 'assembly',
    prefix: 'AS',
    table: 'assemblies',
    // a parked assembly: its units and components are promised to it
    blocksSerializationChange: { lines: 'assembly_lines', column: 'assembly_id', openStatuses: ['parked'], listed: 5, product: 'product_id' },
    holdsSerials: { table: 'assembly_serials', column: 'assembly_id', serial: 'serial_id', statuses: ['parked'] },
    movements: ['assembly_in', 'assembly_out'],
  }),
  spec({ type: 'disassembly', label: 'disassembly', prefix: 'DA', table: 'disassemblies', movements: ['disassembly_in', 'disassembly_out'] }),
];

const byType = new Map(DOCUMENT_TYPES.map((s) => [s.type, s]));

export function documentSpec(type: DocumentType): DocumentSpec {
  const s = byType.get(type);
  if (!s) throw new Error(`document type ${type} is not in the registry`);
  return s;
}

/** The documents that belong to an order of this type: receipts and supplier returns to a purchase order. */
export function documentsOfOrder(order: OrderType): DocumentSpec[] {
  return DOCUMENT_TYPES.filter((s) => s.order?.type === order);
}

/** The documents whose serials an order or party is asked about (see countsForOrderAndParty). */
export function countingForOrderAndParty(): DocumentSpec[] {
  return DOCUMENT_TYPES.filter((s) => s.movements.length > 0 && s.countsForOrderAndParty !== false);
}

/** Of those, the ones that belong to an order of this type: what `enquiry --document PO-…` or `--so` stands for. */
export function countingDocumentsOf(order: OrderType): DocumentSpec[] {
  return countingForOrderAndParty().filter((s) => s.order?.type === order);
}

/** Documents that record movements (an order records none of its own). */
export function movingDocuments(): DocumentSpec[] {
  return DOCUMENT_TYPES.filter((s) => s.movements.length > 0);
}

/** Documents that freeze stock of their products in their warehouse while in progress (K-3). */
export function freezingDocuments(): DocumentSpec[] {
  return DOCUMENT_TYPES.filter((s) => s.freezesStock);
}

/** Documents that hold the serials they list while open (a parked assembly's components). */
export function holdingDocuments(): DocumentSpec[] {
  return DOCUMENT_TYPES.filter((s) => s.holdsSerials);
}

/** The table of a party kind. */
export function partyTable(kind: PartyKind): 'suppliers' | 'customers' {
  return kind === 'supplier' ? 'suppliers' : 'customers';
}
