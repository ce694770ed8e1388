// Warehouses, suppliers and customers: a code and a name each.

import { checkCode } from '../values/codes.js';
import { now } from '../values/clock.js';
import { RejectedError, type Problem, shown } from '../../errors.js';
import { DIRECTORY_TABLE, findEntry, type DirectoryKind, type EntryRef } from './lookup.js';
import type { Db } from '../../db/open.js';

export interface NewEntry {
  code: string;
  name?: string;
}

export async function addEntry(db: Db, kind: DirectoryKind, input: NewEntry): Promise<EntryRef> {
  const problems: Problem[] = [];
  const checked = checkCode(input.code);
  if (!checked.ok) {
    throw new RejectedError([
      { code: 'invalid_code', message: `The ${kind} code ${shown(input.code)} ${checked.reason}.`, fix: 'Use 1 to 100 printable ASCII characters.' },
    ]);
  }
  const existing = await findEntry(db, kind, checked.code);
  if (existing) {
    problems.push({
      code: `duplicate_${kind}`,
      message: `A ${kind} with code '${existing.code}' already exists (codes are compared ignoring case).`,
      fix: `Use another code, or see it with: serials ${kind} list`,
    });
  }
  const name = (input.name ?? checked.code).trim() || checked.code;
  if (problems.length) throw new RejectedError(problems);
  const row = await db
    .insertInto(DIRECTORY_TABLE[kind])
    .values({ code: checked.code, code_key: checked.key, name, created_at: now() })
    .returning(['id', 'code', 'name'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function listEntries(db: Db, kind: DirectoryKind): Promise<EntryRef[]> {
  return db.selectFrom(DIRECTORY_TABLE[kind]).select(['id', 'code', 'name']).orderBy('code_key').execute();
}
