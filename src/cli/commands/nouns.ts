// What each noun that groups verbs is about, for `serials --help` and `serials <noun> --help`.

export const NOUNS: Readonly<Record<string, string>> = {
  db: 'migrations, backups and integrity checks',
  settings: 'company settings',
  warehouse: 'warehouses',
  supplier: 'suppliers',
  customer: 'customers',
  product: 'products',
  po: 'purchase orders and receipts',
  so: 'sales orders, serial assignment and shipments',
  credit: 'credit notes: customer returns',
  'supplier-return': 'returns to suppliers',
  adjust: 'stock adjustments',
  transfer: 'warehouse transfers',
  count: 'stock counts: count sheets, scanning, variance',
  bom: 'bills of materials: the components that make one unit of a product',
  assembly: 'assemblies: parked, completed and deleted',
  import: 'bulk CSV imports, all or nothing (Unleashed layouts; headers ignore case and spaces)',
};
