// credit list|show and supplier-return list|show: the same commands over the two kinds of
// return, a customer's (credit note, against a sales order) and one to a supplier (against a
// purchase order). Only the names of the order and the party differ, and a credit may be
// value only (no stock came back), which a supplier return never is.

import { listCredits, listSupplierReturns, type ReturnDocumentView } from '../../core/reports/returns-view.js';
import { toNumber } from '../../core/values/quantity.js';
import { RejectedError, shown } from '../../errors.js';
import type { Db } from '../../db/open.js';
import type { Context } from '../context.js';
import { presentDocuments, presentShow, type Column } from '../render/present.js';
import { localTime } from '../render/time.js';
import { count } from '../render/words.js';
import { grouped } from '../../core/values/words.js';

export type ReturnKind = 'credit' | 'supplier-return';

type Line = ReturnDocumentView['lines'][number];
interface LineRow {
  doc: ReturnDocumentView;
  line: Line;
}
interface SerialRow extends LineRow {
  /** null for a line without serials (value only, or a product without serials) */
  serial: string | null;
}

interface KindInfo {
  /** in sentences: "credit", "supplier return" */
  label: string;
  /** a show's title */
  title: string;
  order: { header: string; label: string; json: 'salesOrder' | 'purchaseOrder' };
  party: { header: string; json: 'customer' | 'supplier' };
  /** a credit may be value only, and says whether stock came back; a supplier return always takes stock */
  valueOnly: boolean;
  load(db: Db, number?: string): Promise<ReturnDocumentView[]>;
}

const KINDS: Record<ReturnKind, KindInfo> = {
  credit: {
    label: 'credit',
    title: 'Credit note',
    order: { header: 'Sales Order', label: 'Sales order', json: 'salesOrder' },
    party: { header: 'Customer', json: 'customer' },
    valueOnly: true,
    load: listCredits,
  },
  'supplier-return': {
    label: 'supplier return',
    title: 'Supplier return',
    order: { header: 'Purchase Order', label: 'Purchase order', json: 'purchaseOrder' },
    party: { header: 'Supplier', json: 'supplier' },
    valueOnly: false,
    load: listSupplierReturns,
  },
};

/** Serials a show lists of one line before "… and N more". */
const SHOWN_SERIALS = 20;

/** A document as --json gives it (DESIGN.md, JSON contract): one name per concept, serials always a list. */
function documentJson(kind: KindInfo, d: ReturnDocumentView): Record<string, unknown> {
  return {
    number: d.number,
    [kind.order.json]: d.order,
    [kind.party.json]: d.party,
    warehouse: d.warehouse,
    createdAt: d.createdAt,
    lines: d.lines.map((l) => ({
      product: l.product,
      quantity: toNumber(l.quantityE4),
      ...(kind.valueOnly ? { returned: l.returned } : {}),
      serials: l.serials,
      serialCount: l.serials.length,
    })),
  };
}

/** The document's columns, then the line's: a list's rows and a show's CSV share them. */
function columns<R extends LineRow>(kind: KindInfo): Column<R>[] {
  const cols: Column<R>[] = [
    { header: 'Number', kind: 'code', value: (r) => r.doc.number },
    // a table shows the day; a spreadsheet gets the local date-time
    { header: 'Created', kind: 'date', value: (r) => r.doc.createdAt, only: 'table' },
    { header: 'Created', kind: 'time', value: (r) => r.doc.createdAt, only: 'csv' },
    { header: kind.party.header, kind: 'code', value: (r) => r.doc.party },
    { header: kind.order.header, kind: 'code', value: (r) => r.doc.order },
    // where the stock went to or came from: in the show's fields and in CSV
    { header: 'Warehouse', kind: 'code', value: (r) => r.doc.warehouse, only: 'csv' },
    { header: 'Product', kind: 'code', value: (r) => r.line.product },
  ];
  return cols;
}

function returnedColumn<R extends LineRow>(kind: KindInfo): Column<R>[] {
  return kind.valueOnly ? [{ header: 'Returned', kind: 'text', value: (r) => r.line.returned }] : [];
}

/** credit list, supplier-return list: one row per line; --json one object per document. */
export async function listReturns(ctx: Context, which: ReturnKind): Promise<void> {
  const kind = KINDS[which];
  const docs = await ctx.withLedger((db) => kind.load(db));
  await presentDocuments(
    ctx,
    docs,
    {
      json: (d) => documentJson(kind, d),
      lines: (d) => d.lines.map((line) => ({ doc: d, line })),
      columns: [
        ...columns<LineRow>(kind),
        { header: 'Quantity', kind: 'quantity', value: (r) => toNumber(r.line.quantityE4) },
        ...returnedColumn<LineRow>(kind),
        // a table's Quantity says it (one serial per unit); a spreadsheet may want to sum them
        { header: 'Serial Count', kind: 'count', value: (r) => r.line.serials.length, only: 'csv' },
      ],
    },
    {
      empty: `No ${kind.label}s yet.`,
      footer: (n) => `${count(docs.length, kind.label)}.` + (n !== docs.length ? ` (${count(n, 'line')})` : ''),
    },
  );
}

/** The first serials of a line, and how many more there are. */
function someSerials(serials: readonly string[]): string {
  const shownList = serials.slice(0, SHOWN_SERIALS).join(', ');
  return serials.length > SHOWN_SERIALS ? `${shownList} … and ${grouped(serials.length - SHOWN_SERIALS)} more (--format csv or --json lists them all)` : shownList;
}

/** credit show, supplier-return show: one document; its CSV is one row per serial. */
export async function showReturn(ctx: Context, which: ReturnKind): Promise<void> {
  const kind = KINDS[which];
  const [number = ''] = ctx.args;
  const [doc] = await ctx.withLedger((db) => kind.load(db, number));
  if (!doc) {
    throw new RejectedError([
      { code: `unknown_${which.replace('-', '_')}`, message: `There is no ${kind.label} ${shown(number)}.`, fix: `List them with: serials ${which} list`, document: number },
    ]);
  }
  const lineRows: LineRow[] = doc.lines.map((line) => ({ doc, line }));
  // one row per serial, each a unit (quantity 1); a line without serials is one row with its quantity
  const serialRows = lineRows.flatMap((r): SerialRow[] => (r.line.serials.length === 0 ? [{ ...r, serial: null }] : r.line.serials.map((serial) => ({ ...r, serial }))));
  presentShow(ctx, {
    json: documentJson(kind, doc),
    title: `${doc.number}  ${kind.title}`,
    fields: [
      [kind.order.label, doc.order],
      [kind.party.header, doc.party],
      ['Warehouse', doc.warehouse],
      ['Created', localTime(doc.createdAt)],
    ],
    sections: [
      {
        rows: lineRows,
        view: {
          columns: [
            { header: 'Product', kind: 'code', value: (r: LineRow) => r.line.product },
            { header: 'Quantity', kind: 'quantity', value: (r: LineRow) => toNumber(r.line.quantityE4) },
            ...returnedColumn<LineRow>(kind),
            { header: 'Serials', kind: 'count', value: (r: LineRow) => r.line.serials.length },
          ],
          json: () => undefined,
        },
      },
    ],
    csv: {
      rows: serialRows,
      view: {
        columns: [
          ...columns<SerialRow>(kind),
          { header: 'Quantity', kind: 'quantity', value: (r: SerialRow) => (r.serial === null ? toNumber(r.line.quantityE4) : 1) },
          ...returnedColumn<SerialRow>(kind),
          { header: 'Serial Number', kind: 'code', value: (r: SerialRow) => r.serial },
        ],
        json: () => undefined,
      },
    },
    notes: doc.lines.filter((l) => l.serials.length > 0).map((l) => `Serials of ${l.product}: ${someSerials(l.serials)}`),
  });
}
