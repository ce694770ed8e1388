// PostgreSQL's errors, as the CLI's exit codes see them (DESIGN.md): waiting too long for
// another writer is 75, a server that cannot be reached or will not let us in is 69, a
// schema that lost a table is a damaged ledger, a full disk is 74. Messages name the ledger
// by its URL without the password (location.ts); a driver's own message never carries it.

import { BusyError, LedgerDamagedError, LedgerUnavailableError, OutputError, SerialsError } from '../../errors.js';

const BUSY = new Set(['55P03', '40001', '40P01', '53300', '57P03']);
// ENOENT and EACCES: a socket path (PGHOST=/var/run/postgresql) with no server, or not ours to use
const CONNECT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ENOENT', 'EACCES', '08001', '08004', '08006']);

export function translatePgError(error: unknown, name: string): unknown {
  // serials' own errors (a rule, a usage mistake) are never the driver's, whatever their text says
  if (!(error instanceof Error) || error instanceof SerialsError) return error;
  const code = (error as { code?: unknown }).code;
  const said = error.message;
  // pg's own connection failures carry no SQLSTATE; only they are recognised by their text
  const uncoded = code === undefined;
  if (typeof code === 'string' && BUSY.has(code)) {
    return new BusyError(
      code === '53300' || code === '57P03'
        ? `The PostgreSQL server of ${name} is not taking more connections right now (${said}). Nothing was written.`
        : 'The ledger is busy: another command held it for longer than the busy timeout. Nothing was written.',
      'Retry the command; raise SERIALS_BUSY_TIMEOUT_MS if this keeps happening.',
    );
  }
  if (typeof code === 'string' && CONNECT.has(code)) {
    return new LedgerUnavailableError(
      `Cannot reach the PostgreSQL server of ${name} (${code}).`,
      'Check the host and port in --db (or SERIALS_DB, PGHOST, PGPORT), that the server is running and that it accepts TCP connections.',
      'ledger_unreachable',
    );
  }
  if (uncoded && /timeout expired|Connection terminated due to connection timeout/i.test(said)) {
    return new LedgerUnavailableError(`The PostgreSQL server of ${name} did not answer in time.`, 'Check the host and port, and the network; PGCONNECT_TIMEOUT sets how long to wait (in seconds).', 'ledger_unreachable');
  }
  if (code === '28P01' || code === '28000' || (uncoded && /password must be a string|SASL/i.test(said))) {
    return new LedgerUnavailableError(
      `PostgreSQL refused the login to ${name}: ${said}.`,
      'Check the user and the password (put it in ~/.pgpass or PGPASSWORD rather than in the URL, where ps and shell history can see it).',
      'ledger_login_refused',
    );
  }
  if (code === '3D000') {
    return new LedgerUnavailableError(`The database of ${name} does not exist on that server.`, 'Create it (createdb NAME, or CREATE DATABASE), then run: serials init --db URL', 'ledger_unavailable');
  }
  if (uncoded && /\bSSL\b|certificate/i.test(said)) {
    return new LedgerUnavailableError(`Cannot open a TLS connection to ${name}: ${said}`, 'Check sslmode in the URL (sslmode=disable for a server without TLS, e.g. on localhost).', 'ledger_unreachable');
  }
  if (code === '42P01' || code === '42703') return new LedgerDamagedError(name, `part of its schema is missing (${said})`);
  if (code === '25006' || code === '42501') {
    return new LedgerUnavailableError(`The ledger ${name} cannot be used by this user (${said}). Nothing was written.`, 'Grant this user access to the ledger\'s tables (GRANT … ON ALL TABLES IN SCHEMA …), or connect as a user that has it.', 'ledger_read_only');
  }
  if (code === '53100') return new OutputError(`The PostgreSQL server of ${name} is out of disk space (${said}). Nothing was written.`, 'Free disk space on the server, then run the command again.');
  if (code === '57P01' || code === '57P02' || (uncoded && /Connection terminated/i.test(said))) {
    return new LedgerUnavailableError(`The connection to ${name} was closed by the server (${said}). Nothing more was written.`, 'Check the server, then run the command again.', 'ledger_unreachable');
  }
  return error;
}
