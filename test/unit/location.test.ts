// Choosing the engine from --db / SERIALS_DB (issue 13 item 1): a path is a SQLite file, a
// postgres:// or postgresql:// URL is PostgreSQL, and what is printed of a URL never holds
// its password.

import { describe, expect, it } from 'vitest';
import { parseLocation, withoutPassword } from '../../src/db/location.js';
import { translatePgError } from '../../src/db/pg/errors.js';
import { BusyError, LedgerDamagedError, LedgerUnavailableError, OutputError, UsageError } from '../../src/errors.js';

describe('ledger locations', () => {
  it('a path is SQLite, the default; a postgres URL (either scheme, any case) is PostgreSQL', () => {
    expect(parseLocation('shop.db', '--db')).toEqual({ engine: 'sqlite', path: 'shop.db', name: 'shop.db' });
    for (const url of ['postgres://alice@db:5432/shop', 'postgresql://alice@db/shop', 'POSTGRES://db/shop', 'postgres:///shop']) {
      expect(parseLocation(url, '--db').engine).toBe('postgres');
    }
    // a file whose name merely starts like a scheme stays a file
    expect(parseLocation('postgres.db', '--db').engine).toBe('sqlite');
  });

  it('the name of a URL has no password, wherever the URL put it', () => {
    const cases: [string, string][] = [
      ['postgres://alice:s3cret@db:5432/shop', 'postgres://alice@db:5432/shop'],
      ['postgresql://alice:p%40ss@db/shop?sslmode=require', 'postgresql://alice@db/shop?sslmode=require'],
      ['postgres://alice@db/shop?password=s3cret&sslmode=disable', 'postgres://alice@db/shop?password=***&sslmode=disable'],
      ['postgres://db/shop', 'postgres://db/shop'],
    ];
    for (const [url, name] of cases) {
      expect(withoutPassword(url)).toBe(name);
      expect(parseLocation(url, '--db').name).toBe(name);
    }
    // an unescaped '@' or '/' in the password must not leave its tail behind
    expect(withoutPassword('postgres://al:p@ss@db/shop')).toBe('postgres://al@db/shop');
    expect(withoutPassword('postgres://al:a/b@db/shop')).toBe('postgres://al@db/shop');
  });

  it('a bad URL or sslmode is a usage error that does not repeat the password', () => {
    for (const url of ['postgres://alice:s3cret@db:notaport/shop', 'postgres://alice:s3cret@db/shop?sslmode=sometimes', 'postgres://alice:s3/cret@db:x/shop']) {
      let error: unknown;
      try {
        parseLocation(url, 'SERIALS_DB');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain('SERIALS_DB');
      expect((error as Error).message).not.toContain('s3cret');
      expect((error as Error).message).not.toContain('cret');
    }
  });

  it('an empty path or a SQLite side-file name is still refused', () => {
    expect(() => parseLocation('', '--db')).toThrow(UsageError);
    expect(() => parseLocation('shop.db-wal', '--db')).toThrow(UsageError);
  });
});

describe('PostgreSQL errors as exit codes', () => {
  const name = 'postgres://alice@db/shop';
  const pgError = (code: string | undefined, message: string) => Object.assign(new Error(message), code === undefined ? {} : { code });

  it('waiting for another writer, or for a connection slot, is busy (75) and says nothing was written', () => {
    for (const code of ['55P03', '40001', '40P01', '53300']) {
      const e = translatePgError(pgError(code, 'canceling statement due to lock timeout'), name);
      expect(e, code).toBeInstanceOf(BusyError);
      expect((e as Error).message).toContain('Nothing was written');
    }
  });

  it('an unreachable server, a refused login or a missing database is unavailable (69), naming the ledger without a password', () => {
    const cases: [string | undefined, string, string][] = [
      ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', 'ledger_unreachable'],
      ['ENOTFOUND', 'getaddrinfo ENOTFOUND nohost', 'ledger_unreachable'],
      ['28P01', 'password authentication failed for user "alice"', 'ledger_login_refused'],
      [undefined, 'SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string', 'ledger_login_refused'],
      ['3D000', 'database "shop" does not exist', 'ledger_unavailable'],
      ['ENOENT', 'connect ENOENT /var/run/postgresql/.s.PGSQL.5432', 'ledger_unreachable'],
      [undefined, 'The server does not support SSL connections', 'ledger_unreachable'],
    ];
    for (const [code, message, expected] of cases) {
      const e = translatePgError(pgError(code, message), name) as LedgerUnavailableError;
      expect(e, message).toBeInstanceOf(LedgerUnavailableError);
      expect(e.code, message).toBe(expected);
      expect(e.message).toContain(name);
      expect(e.fix.length).toBeGreaterThan(10);
    }
  });

  it('a missing table is a damaged ledger, a full disk is an output error (74), anything else is left as it is', () => {
    expect(translatePgError(pgError('42P01', 'relation "serials" does not exist'), name)).toBeInstanceOf(LedgerDamagedError);
    expect(translatePgError(pgError('53100', 'could not extend file'), name)).toBeInstanceOf(OutputError);
    const other = pgError('23505', 'duplicate key value');
    expect(translatePgError(other, name)).toBe(other);
    // serials' own errors pass through, whatever words a serial puts in their text
    const rule = new UsageError('serial SSL-Connection terminated-SASL is not in stock', 'Check the serial.');
    expect(translatePgError(rule, name)).toBe(rule);
  });
});
