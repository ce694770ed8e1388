// What a movement's document links to — its customer or supplier, and the purchase or sales
// order behind it — and the serials a document, party or order moved. Built from the
// registry for a movement aliased `m` (enquiry, history) or a serial aliased `s` (enquiry
// filters). A CASE on the document type means one indexed lookup per row, for that type only.
//
// The registry names tables at run time, which Kysely's typed builder cannot check; the
// loosely typed builder is confined to this file, and each function says what it returns.

import { expressionBuilder, type AliasableExpression, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { countingDocumentsOf, countingForOrderAndParty, DOCUMENT_TYPES, documentSpec, documentsOfOrder, movingDocuments, partyTable, type DocumentSpec, type DocumentType, type OrderType, type PartyKind } from './registry.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = ExpressionBuilder<any, any>;

/** `select <party column> from <document> d [join its order o]` for one document type. */
function fromDocument(eb: Loose, s: DocumentSpec) {
  const party = s.party;
  if (!party) throw new Error(`${s.type} has no party`);
  if (party.of === 'self') return { query: eb.selectFrom(`${s.table} as d`), owner: 'd' };
  const order = s.order;
  if (!order) throw new Error(`${s.type} takes its party from an order it does not have`);
  return { query: eb.selectFrom(`${s.table} as d`).innerJoin(`${documentSpec(order.type).table} as o`, 'o.id', `d.${order.column}`), owner: 'o' };
}

/** The supplier's or customer's code of movement `m`'s document, or null. */
export function documentParty(): AliasableExpression<string | null> {
  const eb = expressionBuilder() as Loose;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let c: any = eb.case('m.document_type');
  for (const s of movingDocuments().filter((d) => d.party)) {
    const { query, owner } = fromDocument(eb, s);
    const kind = (s.party as { kind: PartyKind }).kind;
    c = c.when(s.type).then(query.innerJoin(`${partyTable(kind)} as x`, 'x.id', `${owner}.${s.party?.column}`).select('x.code').whereRef('d.id', '=', 'm.document_id'));
  }
  return c.else(null).end();
}

/** The number of the purchase or sales order behind movement `m`'s document, or null. */
export function documentOrder(order: OrderType): AliasableExpression<string | null> {
  const eb = expressionBuilder() as Loose;
  const table = documentSpec(order).table;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let c: any = eb.case('m.document_type');
  for (const s of documentsOfOrder(order)) {
    c = c
      .when(s.type)
      .then(eb.selectFrom(`${s.table} as d`).innerJoin(`${table} as o`, 'o.id', `d.${s.order?.column}`).select('o.number').whereRef('d.id', '=', 'm.document_id'));
  }
  return c.else(null).end();
}

/** Serial `s` was moved by one of these documents of a type. */
function movedBy(eb: Loose, type: DocumentType, documentIds: Expression<unknown> | readonly number[]): Expression<SqlBool> {
  const ids = Array.isArray(documentIds) && documentIds.length === 0 ? [-1] : documentIds;
  return eb('s.id', 'in', eb.selectFrom('serial_movements as dm').select('dm.serial_id').where('dm.document_type', '=', type).where('dm.document_id', 'in', ids));
}

/** Serial `s` was moved by a document of this supplier or customer. */
export function movedForParty(kind: PartyKind, partyId: number): Expression<SqlBool> {
  const eb = expressionBuilder() as Loose;
  return eb.or(
    countingForOrderAndParty()
      .filter((s) => s.party?.kind === kind)
      .map((s) => {
        const { query, owner } = fromDocument(eb, s);
        return movedBy(eb, s.type, query.select('d.id').where(`${owner}.${s.party?.column}`, '=', partyId));
      }),
  );
}

/** Serial `s` was moved by a document that belongs to this order (a sales order's shipments and credits). */
export function movedForOrder(order: OrderType, orderId: number): Expression<SqlBool> {
  const eb = expressionBuilder() as Loose;
  return eb.or(countingDocumentsOf(order).map((s) => movedBy(eb, s.type, eb.selectFrom(`${s.table} as d`).select('d.id').where(`d.${s.order?.column}`, '=', orderId))));
}

/** Movements of these documents, as the enquiry's document filter takes them. */
export interface DocumentKey {
  type: DocumentType;
  ids: number[];
}

/** Serial `s` was moved by one of these documents. */
export function movedByDocuments(keys: readonly DocumentKey[]): Expression<SqlBool> {
  const eb = expressionBuilder() as Loose;
  return eb.or(keys.map((k) => movedBy(eb, k.type, k.ids)));
}

/** Every document prefix, for messages that ask for a document number. */
export function documentPrefixes(): string {
  const prefixes = DOCUMENT_TYPES.map((s, i) => `${s.prefix}-${i === 0 ? '00000001' : '…'}`);
  return `${prefixes.slice(0, -1).join(', ')} or ${prefixes.at(-1)}`;
}
