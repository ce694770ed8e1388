import type { Generated } from 'kysely';

// Quantities are stored as whole numbers of ten-thousandths of a unit ("_e4" columns):
// non-serialized products may hold decimals (P-3), and summing binary floats would let
// stock levels drift from their movements (invariant 3). See src/core/values/quantity.ts.

export type SerialStatus = 'available' | 'unavailable' | 'deleted';
export type DocumentStatus = 'open' | 'completed' | 'deleted';

/**
 * Every kind of document, as stored in `document_type` columns. What each one means (its
 * prefix, table, party, order) is declared once, in src/core/documents/registry.ts.
 */
export type DocumentType =
  | 'purchase_order'
  | 'purchase_receipt'
  | 'supplier_return'
  | 'sales_order'
  | 'shipment'
  | 'credit'
  | 'adjustment'
  | 'serialization'
  | 'import'
  | 'transfer'
  | 'stock_count'
  | 'assembly'
  | 'disassembly';

/** What a movement did to a serial or a stock level, as stored in `kind` columns. */
export type MovementKind =
  | 'receipt'
  | 'supplier_return'
  | 'shipment'
  | 'credit'
  | 'adjustment_in'
  | 'adjustment_out'
  | 'serialize'
  | 'unserialize'
  | 'import'
  | 'transfer'
  | 'count_in'
  | 'count_out'
  | 'count_move'
  | 'assembly_in'
  | 'assembly_out'
  | 'disassembly_in'
  | 'disassembly_out';

export interface SettingsTable {
  key: string;
  value: string;
}

export interface DirectoryTable {
  id: Generated<number>;
  code: string;
  /** trimmed, lower-cased code: codes are unique case-insensitively */
  code_key: string;
  name: string;
  created_at: string;
}

export interface ProductsTable {
  id: Generated<number>;
  code: string;
  code_key: string;
  description: string;
  serialized: number;
  never_diminishing: number;
  created_at: string;
  updated_at: string;
}

export interface SerialsTable {
  id: number;
  product_id: number;
  /** the text as first entered (trimmed) */
  serial: string;
  /** lower-cased text: the identity of the unit within its product (N-3) */
  serial_key: string;
  status: SerialStatus;
  /** current warehouse, or the last one it was in */
  warehouse_id: number | null;
  last_movement_id: number;
  created_at: string;
  updated_at: string;
}

export interface SerialMovementsTable {
  id: number;
  serial_id: number;
  kind: MovementKind;
  document_type: DocumentType;
  document_id: number;
  document_number: string;
  document_line_id: number | null;
  from_warehouse_id: number | null;
  to_warehouse_id: number | null;
  /** null only for the movement that created the serial */
  status_before: SerialStatus | null;
  status_after: SerialStatus;
  unit_cost: number | null;
  at: string;
}

export interface StockLevelsTable {
  product_id: number;
  warehouse_id: number;
  quantity_e4: number;
}

export interface StockMovementsTable {
  id: Generated<number>;
  product_id: number;
  warehouse_id: number;
  quantity_e4: number;
  kind: MovementKind;
  document_type: DocumentType;
  document_id: number;
  document_number: string;
  document_line_id: number | null;
  at: string;
}

export interface DocumentSequencesTable {
  prefix: string;
  last_value: number;
}

export interface PurchaseOrdersTable {
  id: Generated<number>;
  number: string;
  supplier_id: number;
  warehouse_id: number;
  status: DocumentStatus;
  created_at: string;
  updated_at: string;
}

export interface PurchaseOrderLinesTable {
  id: Generated<number>;
  purchase_order_id: number;
  line_no: number;
  product_id: number;
  quantity_e4: number;
  received_e4: number;
  unit_cost: number | null;
}

export interface PurchaseReceiptsTable {
  id: Generated<number>;
  number: string;
  purchase_order_id: number;
  created_at: string;
}

export interface PurchaseReceiptLinesTable {
  id: Generated<number>;
  receipt_id: number;
  purchase_order_line_id: number;
  product_id: number;
  quantity_e4: number;
  /** PO-4: whether the product was serialized when this receipt happened */
  serialized: number;
  unit_cost: number | null;
}

export interface AdjustmentsTable {
  id: Generated<number>;
  number: string;
  warehouse_id: number;
  direction: 'in' | 'out';
  reason: string;
  status: DocumentStatus;
  created_at: string;
}

export interface AdjustmentLinesTable {
  id: Generated<number>;
  adjustment_id: number;
  product_id: number;
  /** signed: positive for in, negative for out */
  quantity_e4: number;
  serialized: number;
}

/** P-5/P-6: serializing or un-serializing a product is recorded as a document too. */
export interface SerializationChangesTable {
  id: Generated<number>;
  number: string;
  product_id: number;
  serialized: number;
  created_at: string;
}

export interface ImportsTable {
  id: Generated<number>;
  number: string;
  kind: string;
  file: string;
  rows: number;
  created_at: string;
}

export interface SalesOrdersTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  warehouse_id: number;
  status: DocumentStatus;
  created_at: string;
  updated_at: string;
}

export interface SalesOrderLinesTable {
  id: Generated<number>;
  sales_order_id: number;
  line_no: number;
  product_id: number;
  quantity_e4: number;
  shipped_e4: number;
  unit_price: number | null;
}

/** S-2: a serial assigned to an open order's line; it stays available. */
export interface SerialAssignmentsTable {
  id: Generated<number>;
  sales_order_line_id: number;
  serial_id: number;
  created_at: string;
}

export interface ShipmentsTable {
  id: Generated<number>;
  number: string;
  sales_order_id: number;
  /** cancelled: was parked, and cancelled before dispatch (kept, with its lines, for the record) */
  status: 'parked' | 'dispatched' | 'cancelled';
  created_at: string;
  dispatched_at: string | null;
}

export interface ShipmentLinesTable {
  id: Generated<number>;
  shipment_id: number;
  sales_order_line_id: number;
  product_id: number;
  quantity_e4: number;
}

export interface ShipmentSerialsTable {
  shipment_line_id: number;
  serial_id: number;
}

export interface CreditsTable {
  id: Generated<number>;
  number: string;
  /** null for a free credit (C-4) */
  sales_order_id: number | null;
  customer_id: number;
  warehouse_id: number;
  created_at: string;
}

export interface CreditLinesTable {
  id: Generated<number>;
  credit_id: number;
  sales_order_line_id: number | null;
  product_id: number;
  quantity_e4: number;
  /** C-2: 1 when the units came back into stock, 0 for a value-only credit */
  returned: number;
}

export interface SupplierReturnsTable {
  id: Generated<number>;
  number: string;
  purchase_order_id: number;
  created_at: string;
}

export interface SupplierReturnLinesTable {
  id: Generated<number>;
  supplier_return_id: number;
  purchase_order_line_id: number;
  product_id: number;
  quantity_e4: number;
}

export interface TransfersTable {
  id: Generated<number>;
  number: string;
  from_warehouse_id: number;
  to_warehouse_id: number;
  status: 'completed';
  created_at: string;
}

export interface TransferLinesTable {
  id: Generated<number>;
  transfer_id: number;
  line_no: number;
  product_id: number;
  quantity_e4: number;
}

export type StockCountStatus = 'open' | 'in_progress' | 'completed' | 'deleted';
/** K-5, as recorded on a scan when the count is completed */
export type ScanClass = 'counted' | 'unexpected' | 'wrong_place' | 'scanned_twice';

export interface StockCountsTable {
  id: Generated<number>;
  number: string;
  warehouse_id: number;
  status: StockCountStatus;
  /** 1 when no products were named: every product with stock in the warehouse */
  all_products: number;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  updated_at: string;
}

export interface StockCountLinesTable {
  id: Generated<number>;
  stock_count_id: number;
  line_no: number;
  product_id: number;
  serialized: number;
  expected_e4: number;
  /** non-serialized: the quantity entered (null until entered); serialized: set on completion */
  counted_e4: number | null;
}

/** K-1: a serial expected on the shelf when the count was taken. */
export interface StockCountExpectedTable {
  stock_count_id: number;
  line_id: number;
  serial_id: number;
}

/** K-4: a serial found, once per line however often scanned (`scans`). */
export interface StockCountScansTable {
  id: Generated<number>;
  stock_count_id: number;
  line_id: number;
  serial: string;
  serial_key: string;
  scans: number;
  first_scanned_at: string;
  last_scanned_at: string;
  class: ScanClass | null;
  found_warehouse_id: number | null;
}

export interface Database {
  settings: SettingsTable;
  warehouses: DirectoryTable;
  suppliers: DirectoryTable;
  customers: DirectoryTable;
  products: ProductsTable;
  serials: SerialsTable;
  serial_movements: SerialMovementsTable;
  stock_levels: StockLevelsTable;
  stock_movements: StockMovementsTable;
  document_sequences: DocumentSequencesTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  purchase_receipts: PurchaseReceiptsTable;
  purchase_receipt_lines: PurchaseReceiptLinesTable;
  adjustments: AdjustmentsTable;
  adjustment_lines: AdjustmentLinesTable;
  serialization_changes: SerializationChangesTable;
  imports: ImportsTable;
  sales_orders: SalesOrdersTable;
  sales_order_lines: SalesOrderLinesTable;
  serial_assignments: SerialAssignmentsTable;
  shipments: ShipmentsTable;
  shipment_lines: ShipmentLinesTable;
  shipment_serials: ShipmentSerialsTable;
  credits: CreditsTable;
  credit_lines: CreditLinesTable;
  supplier_returns: SupplierReturnsTable;
  supplier_return_lines: SupplierReturnLinesTable;
  transfers: TransfersTable;
  transfer_lines: TransferLinesTable;
  stock_counts: StockCountsTable;
  stock_count_lines: StockCountLinesTable;
  stock_count_expected: StockCountExpectedTable;
  stock_count_scans: StockCountScansTable;
  bom_components: BomComponentsTable;
  assemblies: AssembliesTable;
  assembly_lines: AssemblyLinesTable;
  assembly_serials: AssemblySerialsTable;
  disassemblies: DisassembliesTable;
  disassembly_lines: DisassemblyLinesTable;
  serial_links: SerialLinksTable;
}


/** M-1: one row per component of a product's bill of materials. */
export interface BomComponentsTable {
  product_id: number;
  line_no: number;
  component_id: number;
  /** per unit of the product */
  quantity_e4: number;
  updated_at: string;
}

export type AssemblyStatus = 'parked' | 'completed' | 'deleted';

/** M-2 (assemblies) and M-4 (disassemblies) share a shape: the product and quantity on the header, components on the lines. */
interface AssemblyHeader {
  id: Generated<number>;
  number: string;
  product_id: number;
  quantity_e4: number;
  /** components leave (or return to) this warehouse */
  from_warehouse_id: number;
  /** the product enters (or leaves) this warehouse */
  to_warehouse_id: number;
  created_at: string;
  completed_at: string | null;
  updated_at: string;
}

export interface AssembliesTable extends AssemblyHeader {
  status: AssemblyStatus;
}

export interface DisassembliesTable extends AssemblyHeader {
  status: 'completed';
}

export interface AssemblyLinesTable {
  id: Generated<number>;
  assembly_id: number;
  line_no: number;
  product_id: number;
  /** the whole quantity consumed: BOM quantity x units */
  quantity_e4: number;
}

export interface DisassemblyLinesTable {
  id: Generated<number>;
  disassembly_id: number;
  line_no: number;
  product_id: number;
  quantity_e4: number;
}

/** A parked assembly's serials: its units' (line_id null) and its components' (held, serial_id set). */
export interface AssemblySerialsTable {
  id: Generated<number>;
  assembly_id: number;
  line_id: number | null;
  /** the unit (1-based) the serial is or goes into */
  unit_no: number;
  serial: string;
  serial_id: number | null;
}

/** M-3: a component unit inside an assembled unit, from its assembly until a disassembly takes it out. */
export interface SerialLinksTable {
  id: Generated<number>;
  assembly_id: number;
  unit_serial_id: number;
  component_serial_id: number;
  disassembly_id: number | null;
}
