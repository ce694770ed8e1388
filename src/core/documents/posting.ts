// The one posting path every document takes, in one write transaction:
// check every problem (the document's own, then the ledger's) → reject with all of them →
// take the number → write the header and lines → apply the ledger operations → the
// document's own follow-up writes (quantities received or shipped, statuses).

import { RejectedError, type Problem } from '../../errors.js';
import * as ledger from '../ledger/index.js';
import { now } from '../values/clock.js';
import { checkGivenNumber, nextNumber } from './numbering.js';
import { documentSpec, type DocumentType } from './registry.js';
import { frozenLevels } from './stock-freeze.js';
import { heldSerials } from './serial-holds.js';
import type { Db } from '../../db/open.js';

/** A document written now: with a number the user gave (checked), or the next one. */
export interface NewDocument {
  number?: string;
  /**
   * Writes the header and lines; returns the header's id. Lines that belong to a ledger
   * operation set its `lineId`, so its movements name the line. `plan` is the checked plan,
   * its existing serials found (a parked document records which units it holds).
   */
  create(number: string, at: string, plan: ledger.Plan): Promise<number>;
}

/** A document that exists already and posts its movements now (a parked shipment dispatched). */
export interface ExistingDocument {
  id: number;
  number: string;
}

export interface Posting {
  type: DocumentType;
  /** problems the document found itself; the ledger's are added to the same list */
  problems: Problem[];
  ops: ledger.LedgerOp[];
  document: NewDocument | ExistingDocument;
  /**
   * Check everything and write the document, but move nothing yet: a parked assembly, whose
   * movements are posted when it is completed (as an existing document, checked again then).
   */
  park?: boolean;
  /**
   * Called with the problems once the ledger has added its own (from index `first` on), so
   * the document can say more about them (a shipment names a stale assignment) or drop one
   * it reported itself in its own words (a credit's serial refused by C-1).
   */
  review?(problems: Problem[], first: number): void;
  /** writes that follow the movements: an order's received or shipped quantities, statuses */
  after?(document: ledger.DocumentRef, at: string, plan: ledger.Plan): Promise<void>;
}

export interface Posted {
  number: string;
  id: number;
  at: string;
  /** N-4: units that came back into stock (or, parked, will) */
  returning: ledger.ReturningSerial[];
  applied: ledger.ApplyResult;
  /** what was written, each serial with its id (an assembly links its units to their components by them) */
  plan: ledger.Plan;
}

const NOTHING_APPLIED: ledger.ApplyResult = { serialsCreated: 0, serialsReturned: 0, serialsRemoved: 0, serialsMoved: 0, serialMovements: 0 };

/** Posts a document, or throws RejectedError with every problem and writes nothing. */
export async function post(db: Db, posting: Posting): Promise<Posted> {
  const { problems, document } = posting;
  const kinds = documentSpec(posting.type).movements;
  const stray = posting.ops.find((op) => !kinds.includes(op.movement));
  if (stray) throw new Error(`a ${posting.type} cannot record ${stray.movement} movements (src/core/documents/registry.ts)`);
  const given = 'create' in document ? document.number : undefined;
  if (given !== undefined) await checkGivenNumber(db, posting.type, given, problems);
  const first = problems.length;
  // K-3: an existing document (a count posting its own differences) is not frozen by itself,
  // nor are a parked assembly's serials held from it
  const self = 'create' in document ? undefined : { type: posting.type, id: document.id };
  const guards = { frozen: await frozenLevels(db, self), held: await heldSerials(db, self) };
  const checked = await ledger.check(db, posting.ops, problems, guards);
  posting.review?.(problems, first);
  if (problems.length) throw new RejectedError(problems);

  const at = now();
  let ref: ledger.DocumentRef;
  if ('create' in document) {
    const number = given ?? (await nextNumber(db, posting.type));
    ref = { type: posting.type, id: await document.create(number, at, checked.plan), number };
  } else {
    ref = { type: posting.type, id: document.id, number: document.number };
  }
  // an order moves nothing itself, nor does a parked document yet: no movement, no id to allocate
  const applied = posting.ops.length > 0 && !posting.park ? await ledger.apply(db, checked.plan, ref, at) : NOTHING_APPLIED;
  await posting.after?.(ref, at, checked.plan);
  return { number: ref.number, id: ref.id, at, returning: checked.plan.returning, applied, plan: checked.plan };
}
