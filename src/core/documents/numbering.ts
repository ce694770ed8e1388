// Document numbers: PREFIX-00000001, one sequence per prefix, or a number the user gives.

import type { Problem } from '../../errors.js';
import { shown } from '../../errors.js';
import type { Db } from '../../db/open.js';
import { documentSpec, type DocumentType, type NumberedTable } from './registry.js';

/** A number typed by hand, as the numbers it may mean: so-00000001 finds SO-00000001. */
export function typedNumber(number: string): string[] {
  return [number.trim(), number.trim().toUpperCase()];
}

async function isTaken(db: Db, table: NumberedTable, number: string): Promise<boolean> {
  const row = await db.selectFrom(table).select('id').where('number', '=', number).executeTakeFirst();
  return row !== undefined;
}

/** The next free number. Runs inside the write transaction, so two commands cannot take the same one. */
export async function nextNumber(db: Db, type: DocumentType): Promise<string> {
  const { table, prefix } = documentSpec(type);
  const row = await db
    .selectFrom('document_sequences')
    .select('last_value')
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  let value = row?.last_value ?? 0;
  let number: string;
  // Skip numbers a user already gave by hand.
  do {
    value += 1;
    number = `${prefix}-${String(value).padStart(8, '0')}`;
  } while (await isTaken(db, table, number));
  await db
    .insertInto('document_sequences')
    .values({ prefix, last_value: value })
    .onConflict((oc) => oc.column('prefix').doUpdateSet({ last_value: value }))
    .execute();
  return number;
}

/** Checks a number the user gave; records a problem if it is malformed or taken. */
export async function checkGivenNumber(
  db: Db,
  type: DocumentType,
  number: string,
  problems: Problem[],
): Promise<void> {
  const { table } = documentSpec(type);
  if (!/^[!-~]{1,30}$/.test(number)) {
    problems.push({
      code: 'invalid_number',
      message: `Document number ${shown(number)} is not valid.`,
      fix: 'Use 1 to 30 printable characters without spaces, or leave it out to get the next number.',
    });
  } else if (await isTaken(db, table, number)) {
    problems.push({
      code: 'number_taken',
      message: `Document number ${shown(number)} is already used.`,
      fix: 'Give another number, or leave it out to get the next one.',
      document: number,
    });
  }
}
