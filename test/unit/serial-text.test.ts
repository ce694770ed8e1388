import { describe, expect, it } from 'vitest';
import { checkSerial, MAX_SERIAL_LENGTH, quoteSerial, serialKey } from '../../src/core/values/serial-text.js';

function reasonOf(raw: string): string {
  const r = checkSerial(raw);
  if (r.ok) throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
  return r.reason;
}

describe('checkSerial', () => {
  it('N-1: accepts every printable ASCII character, space and tilde included', () => {
    let all = '';
    for (let c = 33; c <= 126; c++) all += String.fromCharCode(c);
    // 94 characters: check them in two serials of at most 50
    for (const part of [all.slice(0, 47), all.slice(47)]) {
      const r = checkSerial(part);
      expect(r).toEqual({ ok: true, text: part, key: part.toLowerCase() });
    }
    expect(checkSerial('A B')).toEqual({ ok: true, text: 'A B', key: 'a b' });
  });

  it('N-1: rejects a tab and names its position', () => {
    const reason = reasonOf('SN\t01');
    expect(reason).toContain('a tab');
    expect(reason).toContain('position 3');
  });

  it('N-1: rejects line breaks (LF and CR) with their position', () => {
    expect(reasonOf('SN01\n')).toMatch(/line break at position 5/);
    expect(reasonOf('\rSN01')).toMatch(/line break at position 1/);
  });

  it('N-1: rejects other control characters and DEL (127) with their code and position', () => {
    expect(reasonOf('A\u0000B')).toMatch(/control character \(U\+0000\) at position 2/);
    expect(reasonOf('AB\u007f')).toMatch(/control character \(U\+007F\) at position 3/);
    expect(reasonOf('\u001bX')).toMatch(/U\+001B\) at position 1/);
  });

  it('N-1: rejects non-ASCII characters naming the character and position', () => {
    const reason = reasonOf('CAFÉ-1');
    expect(reason).toContain("'É'");
    expect(reason).toContain('U+00C9');
    expect(reason).toContain('position 4');
    // a non-breaking space is not a space
    expect(reasonOf('A\u00a0B')).toMatch(/position 2/);
  });

  it('N-1: counts positions in characters, not UTF-16 code units', () => {
    // an astral character (2 code units) followed by a tab: the tab is character 3
    const reason = reasonOf('A😀\t');
    expect(reason).toMatch(/non-ASCII character '😀' \(U\+1F600\) at position 2/);
  });

  it('N-1: reports the position of the first bad character as typed, before trimming', () => {
    expect(reasonOf('  AB\tC')).toMatch(/position 5/);
  });

  it('N-1: accepts 50 characters and rejects 51', () => {
    expect(MAX_SERIAL_LENGTH).toBe(50);
    const fifty = 'X'.repeat(50);
    expect(checkSerial(fifty)).toEqual({ ok: true, text: fifty, key: fifty.toLowerCase() });
    expect(reasonOf('X'.repeat(51))).toMatch(/51 characters long; at most 50/);
  });

  it('N-1/N-2: the 50-character limit applies after trimming', () => {
    const fifty = 'Y'.repeat(50);
    const r = checkSerial(`   ${fifty}   `);
    expect(r).toEqual({ ok: true, text: fifty, key: fifty.toLowerCase() });
  });

  it('N-2: trims leading and trailing spaces and keeps inner spaces', () => {
    expect(checkSerial('  SN 0001  ')).toEqual({ ok: true, text: 'SN 0001', key: 'sn 0001' });
    expect(checkSerial('A  B')).toEqual({ ok: true, text: 'A  B', key: 'a  b' });
  });

  it('N-2: rejects a serial that is empty after trimming', () => {
    expect(reasonOf('')).toBe('is empty');
    expect(reasonOf('     ')).toBe('is empty');
  });

  it('N-2: does not trim a tab as if it were a space (tabs are invalid, N-1)', () => {
    expect(reasonOf('\tSN1')).toMatch(/a tab at position 1/);
  });

  it('N-3: keeps the case of the text and folds the key', () => {
    const r = checkSerial('Ab-1');
    expect(r).toEqual({ ok: true, text: 'Ab-1', key: 'ab-1' });
    const a = checkSerial('ab-1');
    const b = checkSerial('AB-1');
    expect(a.ok && b.ok && a.key === b.key).toBe(true);
  });

  it('N-3: different texts have different keys', () => {
    const a = checkSerial('AB-1');
    const b = checkSerial('AB-2');
    const c = checkSerial('AB 1');
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (a.ok && b.ok && c.ok) {
      expect(new Set([a.key, b.key, c.key]).size).toBe(3);
    }
  });
});

describe('serialKey and quoteSerial', () => {
  it('N-3: serialKey folds case only', () => {
    expect(serialKey('SN-ABC 01')).toBe('sn-abc 01');
    expect(serialKey('sn-abc 01')).toBe('sn-abc 01');
  });

  it('N-1: quoteSerial makes spaces and control characters visible in messages', () => {
    expect(quoteSerial(' A ')).toBe('" A "');
    expect(quoteSerial('A\tB')).toBe('"A\\tB"');
  });
});
