// End-to-end: the interactive prompts on a real pseudo-terminal. `script` (util-linux)
// gives the CLI a terminal; the test types into it through script's stdin, as a barcode
// scanner would (a serial, then Enter; a burst is many of them in one write). What a person
// sees is checked on the screen the output draws (a small terminal emulator below), so that
// a message glued onto the prompt line shows up as it would on their screen.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertVerifies, cli, cliLedger, tempDir, ok, copyLedger } from '../helpers/ledger.js';
import { KEY, onTerminal, Terminal } from '../helpers/terminal.js';

const dirs: string[] = [];
let base: { dir: string; db: string };

beforeAll(() => {
  base = cliLedger();
  dirs.push(base.dir);
  ok(cli(base.db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:10']));
  ok(cli(base.db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'OLD-1']));
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the base ledger: PO-00000001 for 10 WIDGET with OLD-1 already received (9 outstanding). */
function copyOfBase(): string {
  return copyLedger(base.db, dirs, 'serials-e2e-scan-').db;
}

/** Every message is on a line of its own: none starts after a prompt, none after typed text. */
function expectNothingGlued(lines: string[]): void {
  for (const l of lines) {
    expect(l, `a message glued onto another line: ${JSON.stringify(l)}`).not.toMatch(/\S.*[✓✗↶]/u);
    expect(l, `a message glued onto the prompt: ${JSON.stringify(l)}`).not.toMatch(/(serial|Answer [a-z, or]+): .*(scanned|Received|Shipment|short|Ctrl-D)/);
  }
}

const enquiry = (db: string, args: string[]) =>
  JSON.parse(ok(cli(db, ['--json', 'enquiry', ...args])).stdout) as { serial: string; status: string; lastDocument: { number: string } }[];
/** A serial the ledger does not hold at all: `enquiry <serial>` says it is not found (exit 1, unknown_serial). */
function expectNotInLedger(db: string, serial: string): void {
  const r = cli(db, ['--json', 'enquiry', serial]);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'unknown_serial', details: [expect.objectContaining({ code: 'unknown_serial', serial })] });
}
const received = (db: string) => enquiry(db, ['--document', 'PO-00000001']).map((r) => r.serial);
const poLine = (db: string) => (JSON.parse(ok(cli(db, ['--json', 'po', 'show', 'PO-00000001'])).stdout) as { lines: { received: number }[] }).lines[0];
const newNumber = (db: string, args: string[]) => JSON.parse(ok(cli(db, ['--json', ...args])).stdout).number as string;

describe('the scanner prompt: receipts', () => {
  it('N-1/N-6: checks each serial as it arrives, counts against what is outstanding, and receives exactly the good ones', async () => {
    const db = copyOfBase();
    const { term, code } = await onTerminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET'], async (term) => {
      // the header says what is scanned, how to finish, take back and abort
      await term.waitFor(/Receiving WIDGET on PO-00000001 from ACME into MAIN: 9 outstanding\./);
      await term.waitFor(/an empty line \(or Ctrl-D\) finishes[\s\S]*Ctrl-Z takes back the last scan; Ctrl-C aborts with nothing written/);
      await term.waitFor(/\[0\/9\] serial: /);

      let at = term.type('SC-1\r');
      at = await term.waitFor(/✓ SC-1 \(1\/9\)/, at);
      await term.waitFor(/\[1\/9\] serial: /, at);

      // a tab: rejected at once, with the reason, and not counted
      at = term.type('SC\t9\r');
      at = await term.waitFor(/✗ "SC\\t9" has a tab at position 3[^\n]*not counted/, at);
      await term.waitFor(/\[1\/9\] serial: /, at);

      // a non-ASCII character: the serial is echoed with it escaped; the reason names it
      at = term.type('SCÉ-2\r');
      at = await term.waitFor(/✗ "SC\\xc9-2" has a non-ASCII character 'É' \(U\+00C9\)[^\n]*position 3[^\n]*not counted/, at);
      await term.waitFor(/\[1\/9\] serial: /, at);

      // the same unit again (case differs): rejected at once
      at = term.type('sc-1\r');
      at = await term.waitFor(/✗ "sc-1" was already scanned \(#1\)[^\n]*not counted/, at);
      await term.waitFor(/\[1\/9\] serial: /, at);

      // leading and trailing spaces are trimmed (N-2)
      at = term.type('  SC-2 \r');
      at = await term.waitFor(/✓ SC-2 \(2\/9\)/, at);
      at = term.type('SC-3\r');
      at = await term.waitFor(/✓ SC-3 \(3\/9\)/, at);
      await term.waitFor(/\[3\/9\] serial: /, at);

      // ending short asks what to do; receiving what was scanned is one of the answers
      at = term.type('\r');
      at = await term.waitFor(/3 of 9 WIDGET scanned: 6 short\. What now\?/, at);
      await term.waitFor(/r {2}receive these 3; 6 stay outstanding on PO-00000001[\s\S]*k {2}keep scanning[\s\S]*a {2}abort: nothing is written[\s\S]*Answer r, k or a: /, at);
      term.type('r\r');
    });
    expect(code).toBe(0);
    expect(term.output).toMatch(/Received 3 serials of WIDGET on PO-00000001 into MAIN \(receipt PR-\d{8}\)\./);
    expect(received(db)).toEqual(['OLD-1', 'SC-1', 'SC-2', 'SC-3']);
    expect(poLine(db)?.received).toBe(4);
    assertVerifies(db);
  });

  it('a burst from the scanner (many lines in one write) is read in order, and every ✓, ✗ and the summary stand on lines of their own', async () => {
    const db = copyOfBase();
    const { term, code } = await onTerminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET'], async (term) => {
      await term.waitFor(/\[0\/9\] serial: /);
      // the answer to "what now?" rides in the same burst
      term.type('FAST-1\rFAST-2\rFAST-1\rFAST-3\r\rr\r');
    });
    expect(code).toBe(0);
    const { lines } = term.screen();
    expectNothingGlued(lines);
    expect(lines).toEqual(
      expect.arrayContaining([
        '  ✓ FAST-1 (1/9)',
        '  ✓ FAST-2 (2/9)',
        '  ✗ "FAST-1" was already scanned (#1) — not counted',
        '  ✓ FAST-3 (3/9)',
        '3 of 9 serials scanned.',
        expect.stringMatching(/^Received 3 serials of WIDGET on PO-00000001 into MAIN \(receipt PR-\d{8}\)\.$/),
      ]),
    );
    // in the order they were scanned
    const order = ['  ✓ FAST-1 (1/9)', '  ✓ FAST-2 (2/9)', '  ✗ "FAST-1" was already scanned (#1) — not counted', '  ✓ FAST-3 (3/9)'].map((l) => lines.indexOf(l));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(enquiry(db, ['--contains', 'FAST']).map((r) => r.serial)).toEqual(['FAST-1', 'FAST-2', 'FAST-3']);
    assertVerifies(db);
  });

  it('PO-3: a refused scan rings the bell and says in one line why, naming the serial, where it is and the document', async () => {
    const db = copyOfBase();
    const { term, code } = await onTerminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--qty', '1'], async (term) => {
      await term.waitFor(/\[0\/1\] serial: /);
      let at = term.type('old-1\r');
      at = await term.waitFor(/✗ OLD-1 is already in stock in MAIN \(received on PR-00000001\) — not counted/, at);
      await term.waitFor(/\[0\/1\] serial: /, at);
      at = term.type('NEW-1\r');
      at = await term.waitFor(/✓ NEW-1 \(1\/1\) — all 1 scanned; an empty line finishes/, at);
      term.type('\r');
    });
    expect(code).toBe(0);
    // the bell rings once, on the line of the refusal, and for nothing else
    expect(term.output).toContain('\u0007  ✗ OLD-1 is already in stock in MAIN');
    expect(term.screen().bells).toBe(1);
    expect(received(db)).toEqual(['NEW-1', 'OLD-1']);
    assertVerifies(db);
  });

  it('N-4: a unit that left stock is taken back in with a note saying where it had gone', async () => {
    const db = copyOfBase();
    const so = newNumber(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1']);
    ok(cli(db, ['so', 'ship', so, '--serials', 'OLD-1']));
    const { term, code } = await onTerminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--qty', '1'], async (term) => {
      let at = await term.waitFor(/\[0\/1\] serial: /);
      at = term.type('old-1\r');
      await term.waitFor(/✓ OLD-1 \(1\/1\) — returns to stock \(shipped on SS-00000001\) — all 1 scanned; an empty line finishes/, at);
      term.type('\r');
    });
    expect(code).toBe(0);
    expect(term.output).toMatch(/serial "OLD-1" of WIDGET returns to stock/);
    expect(enquiry(db, ['OLD-1'])[0]).toMatchObject({ status: 'available', lastDocument: { number: 'PR-00000002' } });
    assertVerifies(db);
  });

  it('PO-2: the count is against --qty when given: a scan beyond it is refused on the spot, and a full count finishes without a question', async () => {
    const db = copyOfBase();
    const { term, code } = await onTerminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--qty', '2'], async (term) => {
      await term.waitFor(/Receiving WIDGET on PO-00000001 from ACME into MAIN: 2 of the 9 outstanding\./);
      await term.waitFor(/\[0\/2\] serial: /);
      term.type('Q-1\rQ-2\rQ-3\r\r');
    });
    expect(code).toBe(0);
    const { lines, bells } = term.screen();
    expectNothingGlued(lines);
    expect(lines).toContain('  ✓ Q-2 (2/2) — all 2 scanned; an empty line finishes');
    expect(lines).toContain('  ✗ "Q-3" would be more than the 2 needed — not counted');
    expect(bells).toBe(1);
    expect(term.output).not.toMatch(/What now/);
    expect(received(db)).toEqual(['OLD-1', 'Q-1', 'Q-2']);
    assertVerifies(db);
  });

  it('Ctrl-Z takes back the last scan (and says so); with nothing left to take back it rings the bell', async () => {
    const db = copyOfBase();
    const { term, code } = await onTerminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--qty', '1'], async (term) => {
      let at = await term.waitFor(/\[0\/1\] serial: /);
      at = term.type('U-1\r');
      at = await term.waitFor(/✓ U-1 \(1\/1\)/, at);
      // the count is full, so U-2 would be refused: take U-1 back first
      at = term.type(KEY.ctrlZ);
      at = await term.waitFor(/↶ took back U-1 \(0\/1\)/, at);
      at = await term.waitFor(/\[0\/1\] serial: /, at);
      at = term.type(KEY.ctrlZ);
      at = await term.waitFor(/✗ nothing scanned to take back/, at);
      at = term.type('U-2\r');
      at = await term.waitFor(/✓ U-2 \(1\/1\)/, at);
      term.type('\r');
    });
    expect(code).toBe(0);
    const { lines, bells } = term.screen();
    expectNothingGlued(lines);
    // the prompt the key was pressed at stays on the screen, the message under it
    expect(lines[lines.indexOf('  ↶ took back U-1 (0/1)') - 1]).toBe('[1/1] serial:');
    expect(lines).toContain('  ✗ nothing scanned to take back');
    expect(bells).toBe(1);
    expect(received(db)).toEqual(['OLD-1', 'U-2']);
    assertVerifies(db);
  });

  it('PO-2: ending short: keep scanning goes back to the prompt with the count kept; an answer may be the whole word', async () => {
    const db = copyOfBase();
    const { term, code } = await onTerminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET'], async (term) => {
      let at = await term.waitFor(/\[0\/9\] serial: /);
      at = term.type('K-1\r\r');
      at = await term.waitFor(/Answer r, k or a: /, at);
      // not an answer: the bell, and the question again
      at = term.type('K-2\r');
      at = await term.waitFor(/✗ "K-2" is not an answer: type r, k or a/, at);
      at = await term.waitFor(/Answer r, k or a: /, at);
      at = term.type('k\r');
      at = await term.waitFor(/\[1\/9\] serial: /, at);
      at = term.type('K-2\r\r');
      at = await term.waitFor(/2 of 9 WIDGET scanned: 7 short/, at);
      await term.waitFor(/Answer r, k or a: /, at);
      term.type('Receive\r');
    });
    expect(code).toBe(0);
    expectNothingGlued(term.screen().lines);
    expect(term.output).toMatch(/Received 2 serials of WIDGET/);
    expect(received(db)).toEqual(['K-1', 'K-2', 'OLD-1']);
    expect(poLine(db)?.received).toBe(3);
    assertVerifies(db);
  });

  it('F-3: ending short: abort writes nothing (exit 130) and the ledger verifies', async () => {
    const db = copyOfBase();
    const { term, code } = await onTerminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET'], async (term) => {
      let at = await term.waitFor(/\[0\/9\] serial: /);
      at = term.type('AB-1\r\r');
      await term.waitFor(/Answer r, k or a: /, at);
      term.type('a\r');
    });
    expect(code).toBe(130);
    expect(term.output).toMatch(/aborted at the scanner prompt: nothing was written/);
    expectNotInLedger(db, 'AB-1');
    expect(received(db)).toEqual(['OLD-1']);
    expect(poLine(db)?.received).toBe(1);
    assertVerifies(db);
  });

  it('Ctrl-D finishes as an empty line does, and says so; at the question it takes no answer and asks again', async () => {
    const db = copyOfBase();
    const { term, code } = await onTerminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET'], async (term) => {
      let at = await term.waitFor(/\[0\/9\] serial: /);
      at = term.type('D-1\r');
      at = await term.waitFor(/✓ D-1 \(1\/9\)/, at);
      at = await term.waitFor(/\[1\/9\] serial: /, at);
      at = term.type(KEY.ctrlD);
      at = await term.waitFor(/Ctrl-D: finished scanning, as an empty line does\./, at);
      at = await term.waitFor(/Answer r, k or a: /, at);
      at = term.type(KEY.ctrlD);
      at = await term.waitFor(/Ctrl-D: no answer taken; answer r, k or a \(Ctrl-C aborts\)\./, at);
      at = await term.waitFor(/Answer r, k or a: /, at);
      // the terminal is still read after Ctrl-D: keep scanning, and finish with a full count
      at = term.type('k\r');
      at = await term.waitFor(/\[1\/9\] serial: /, at);
      term.type('D-2\r\r');
      await term.waitFor(/Answer r, k or a: /, at);
      term.type('r\r');
    });
    expect(code).toBe(0);
    expectNothingGlued(term.screen().lines);
    expect(received(db)).toEqual(['D-1', 'D-2', 'OLD-1']);
    assertVerifies(db);
  });

  it('F-3: Ctrl-C at the prompt abandons the receipt: exit 130, nothing written, and the ledger verifies', async () => {
    const db = copyOfBase();
    const { term, code } = await onTerminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET'], async (term) => {
      await term.waitFor(/\[0\/9\] serial: /);
      let at = term.type('INT-1\r');
      at = await term.waitFor(/✓ INT-1 \(1\/9\)/, at);
      // at the prompt again, with one scanned
      await term.waitFor(/\[1\/9\] serial: /, at);
      term.type(KEY.ctrlC);
    });
    expect(code).toBe(130);
    expect(term.output).toMatch(/interrupted: nothing was written/);
    expectNotInLedger(db, 'INT-1');
    expect(received(db)).toEqual(['OLD-1']);
    expect(poLine(db)?.received).toBe(1);
    assertVerifies(db);
  });

  it('PO-2: two serialized lines without --product are scanned one after the other, each against its own count', async () => {
    const db = copyOfBase();
    ok(cli(db, ['product', 'add', 'GADGET', '--serialized']));
    const po = newNumber(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:2', '--line', 'GADGET:1', '--line', 'CABLE:3']);
    const { term, code } = await onTerminal(db, ['po', 'receive', po], async (term) => {
      await term.waitFor(/CABLE is received by quantity/);
      await term.waitFor(/Receiving WIDGET on [^\n]*: 2 outstanding[\s\S]*\[0\/2\] serial: /);
      term.type('TW-1\rTW-2\r\rTG-1\r\r');
    });
    expect(code).toBe(0);
    expectNothingGlued(term.screen().lines);
    expect(term.output).toMatch(/Receiving GADGET on [^\n]*: 1 outstanding/);
    expect(term.output).toMatch(new RegExp(`Received 2 serials of WIDGET, 1 serial of GADGET and 3 of CABLE on ${po} into MAIN \\(receipt PR-\\d{8}\\)\\. ${po} is now completed\\.`));
    assertVerifies(db);
  });

  it('--no-input on a terminal never prompts: no serials given exits 2 naming --serials', async () => {
    const db = copyOfBase();
    const { term, code } = await onTerminal(db, ['--no-input', 'po', 'receive', 'PO-00000001', '--product', 'WIDGET'], async () => undefined);
    expect(code).toBe(2);
    expect(term.output).toContain('--serials');
    expect(term.output).not.toMatch(/serial: /);
    expect(poLine(db)?.received).toBe(1);
    assertVerifies(db);
  });
});

describe('the scanner prompt: refused before it opens', () => {
  it('a deleted, completed or unknown order, an unknown product, one not on the order or with nothing outstanding: the ordinary error (exit 1), no prompt', async () => {
    const db = copyOfBase();
    ok(cli(db, ['product', 'add', 'GADGET', '--serialized']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'ST-1', '--reason', 'stock']));
    const deletedPo = newNumber(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:1']);
    ok(cli(db, ['po', 'delete', deletedPo]));
    const completedPo = newNumber(db, ['po', 'create', '--supplier', 'ACME', '--warehouse', 'MAIN', '--line', 'WIDGET:1', '--line', 'CABLE:1']);
    ok(cli(db, ['po', 'receive', completedPo, '--product', 'WIDGET', '--serials', 'C-1']));
    const deletedSo = newNumber(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1']);
    ok(cli(db, ['so', 'delete', deletedSo]));
    const completedSo = newNumber(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1']);
    ok(cli(db, ['so', 'ship', completedSo, '--serials', 'ST-1']));
    const openSo = newNumber(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1']);

    const cases: [string[], RegExp][] = [
      [['po', 'receive', deletedPo], new RegExp(`Purchase order ${deletedPo} is deleted; nothing can be received on it`)],
      [['po', 'receive', 'PO-00000099', '--product', 'WIDGET'], /There is no purchase order "PO-00000099"/],
      [['po', 'receive', 'PO-00000001', '--product', 'NOPE'], /There is no product with code "NOPE"/],
      [['po', 'receive', 'PO-00000001', '--product', 'GADGET'], /Product "GADGET" is not on purchase order PO-00000001/],
      [['po', 'receive', completedPo, '--product', 'WIDGET'], /Nothing of WIDGET is outstanding on PO-\d{8}: 1 ordered, 1 received/],
      [['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--qty', '10'], /Receiving 10 of WIDGET on PO-00000001 is more than the 9 outstanding/],
      [['so', 'ship', deletedSo], new RegExp(`Sales order ${deletedSo} is deleted; nothing can be shipped on it`)],
      [['so', 'ship', completedSo], new RegExp(`Sales order ${completedSo} is completed; nothing can be shipped on it`)],
      [['so', 'ship', 'SO-00000099'], /There is no sales order "SO-00000099"/],
      [['so', 'ship', openSo, '--product', 'NOPE'], /There is no product with code "NOPE"/],
      [['so', 'ship', openSo, '--product', 'CABLE'], new RegExp(`Product "CABLE" is not on sales order ${openSo}`)],
      [['so', 'ship', openSo, '--product', 'WIDGET', '--qty', '2'], new RegExp(`Shipping 2 of WIDGET on ${openSo} is more than the 1 outstanding`)],
    ];
    for (const [args, message] of cases) {
      const { term, code } = await onTerminal(db, args, async () => undefined);
      expect(code, `${args.join(' ')}: ${term.output}`).toBe(1);
      expect(term.output, args.join(' ')).toMatch(message);
      expect(term.output, args.join(' ')).not.toMatch(/serial: /);
    }
    assertVerifies(db);
  });
});

describe('the scanner prompt: shipments', () => {
  /** WIDGET OLD-1..OLD-4 in MAIN, FAR-1 in BACK; a sales order for 3 with OLD-1 assigned; another with OLD-2 assigned. */
  function shipping(): { db: string; so: string; other: string } {
    const db = copyOfBase();
    ok(cli(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'OLD-2,OLD-3,OLD-4']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'FAR-1', '--reason', 'found']));
    const so = newNumber(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:3']);
    const other = newNumber(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1']);
    ok(cli(db, ['so', 'assign', so, '--product', 'WIDGET', '--serials', 'OLD-1']));
    ok(cli(db, ['so', 'assign', other, '--product', 'WIDGET', '--serials', 'OLD-2']));
    return { db, so, other };
  }

  it('S-3: the assigned serial is counted from the start and a scan of it is ✓ assigned; one assigned to another order is taken with a warning naming it; the rest are checked against the warehouse', async () => {
    const { db, so, other } = shipping();
    const { term, code } = await onTerminal(db, ['so', 'ship', so], async (term) => {
      await term.waitFor(new RegExp(`Shipping WIDGET on ${so} to BAKER from MAIN: 3 needed\\.`));
      await term.waitFor(new RegExp(`1 serial assigned to ${so} goes with it and is counted: OLD-1`));
      let at = await term.waitFor(/\[1\/3\] serial: /);
      at = term.type('old-1\r');
      at = await term.waitFor(new RegExp(`✓ OLD-1 assigned to ${so}, counted already \\(1/3\\)`), at);
      at = term.type('NOPE\r');
      at = await term.waitFor(/✗ NOPE is not a serial of WIDGET in the ledger — not counted/, at);
      at = term.type('FAR-1\r');
      at = await term.waitFor(/✗ FAR-1 is in stock in BACK, not MAIN \(adjusted in on SA-\d{8}\) — not counted/, at);
      at = term.type('OLD-2\r');
      at = await term.waitFor(new RegExp(`✓ OLD-2 \\(2/3\\) — warning: assigned to open order ${other} too; shipping it here takes it from that order`), at);
      at = term.type('OLD-3\r');
      at = await term.waitFor(/✓ OLD-3 \(3\/3\) — all 3 scanned/, at);
      // a burst past the count: the extra one is refused, saying why, and nothing is lost
      at = term.type('OLD-4\r\r');
      at = await term.waitFor(new RegExp(`✗ "OLD-4" would be more than the 3 needed \\(1 serial assigned to ${so} is counted: unassign one to ship another in its place\\) — not counted`), at);
      await term.waitFor(new RegExp(`3 of 3 serials: 1 assigned to ${so}, 2 scanned\\.`), at);
    });
    expect(code).toBe(0);
    const { lines, bells } = term.screen();
    expectNothingGlued(lines);
    expect(bells).toBe(3);
    expect(term.output).toMatch(new RegExp(`Shipment SS-00000001 on ${so} dispatched to BAKER from MAIN: WIDGET 3\\. ${so} is now completed\\.`));
    expect(enquiry(db, ['--so', so]).map((r) => [r.serial, r.status])).toEqual([
      ['OLD-1', 'unavailable'],
      ['OLD-2', 'unavailable'],
      ['OLD-3', 'unavailable'],
    ]);
    assertVerifies(db);
  });

  it('S-4: ending short: ship what was scanned ships that many; the rest stays outstanding on the order', async () => {
    const { db, so } = shipping();
    const { term, code } = await onTerminal(db, ['so', 'ship', so], async (term) => {
      let at = await term.waitFor(/\[1\/3\] serial: /);
      at = term.type('OLD-3\r\r');
      at = await term.waitFor(new RegExp(`2 of 3 WIDGET scanned: 1 short\\. What now\\?`), at);
      await term.waitFor(new RegExp(`s {2}ship these 2; 1 stays outstanding on ${so}[\\s\\S]*p {2}park the shipment with these 2; assign the other 1 before dispatch[\\s\\S]*Answer s, p, k or a: `), at);
      term.type('s\r');
    });
    expect(code).toBe(0);
    expect(term.output).toMatch(new RegExp(`Shipment SS-00000001 on ${so} dispatched to BAKER from MAIN: WIDGET 2\\.`));
    expect(term.output).not.toMatch(/is now completed/);
    const order = JSON.parse(ok(cli(db, ['--json', 'so', 'show', so])).stdout) as { status: string; lines: { shipped: number; outstanding: number }[] };
    expect(order.status).toBe('open');
    expect(order.lines[0]).toMatchObject({ shipped: 2, outstanding: 1 });
    expect(enquiry(db, ['--so', so]).map((r) => r.serial)).toEqual(['OLD-1', 'OLD-3']);
    assertVerifies(db);
  });

  it('S-4: ending short: park creates the parked shipment with the serials so far and says what its dispatch still needs', async () => {
    const { db, so } = shipping();
    const { term, code } = await onTerminal(db, ['so', 'ship', so], async (term) => {
      let at = await term.waitFor(/\[1\/3\] serial: /);
      at = term.type('OLD-3\r\r');
      await term.waitFor(/Answer s, p, k or a: /, at);
      term.type('park\r');
    });
    expect(code).toBe(0);
    expect(term.output).toMatch(new RegExp(`Shipment SS-00000001 on ${so} created and parked: WIDGET 3\\. Dispatch it with: serials so dispatch SS-00000001`));
    expect(term.output).toMatch(new RegExp(`SS-00000001 holds 2 serials of WIDGET for 3: assign 1 more on ${so} before dispatch`));
    const order = JSON.parse(ok(cli(db, ['--json', 'so', 'show', so])).stdout) as { lines: { parked: number; shipped: number }[] };
    expect(order.lines[0]).toMatchObject({ parked: 3, shipped: 0 });
    // parked, nothing left stock yet
    expect(enquiry(db, ['OLD-3'])[0]?.status).toBe('available');
    assertVerifies(db);
  });

  it('S-3: two serialized lines are asked line by line through one reader: a burst typed ahead for the second line is kept', async () => {
    const db = copyOfBase();
    ok(cli(db, ['product', 'add', 'GADGET', '--serialized']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'GADGET', '--serials', 'G-1', '--reason', 'found']));
    const so = newNumber(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1', '--line', 'GADGET:1']);
    const { term, code } = await onTerminal(db, ['so', 'ship', so], async (term) => {
      await term.waitFor(/Shipping WIDGET on [^\n]*1 needed[\s\S]*\[0\/1\] serial: /);
      term.type('OLD-1\r\rG-1\r\r');
    });
    expect(code).toBe(0);
    expectNothingGlued(term.screen().lines);
    expect(term.output).toMatch(/Shipping GADGET on [^\n]*1 needed/);
    expect(term.output).toMatch(/✓ G-1 \(1\/1\)/);
    expect(term.output).toMatch(new RegExp(`dispatched to BAKER from MAIN: WIDGET 1, GADGET 1\\. ${so} is now completed`));
    expect(enquiry(db, ['--so', so]).map((r) => r.serial)).toEqual(['G-1', 'OLD-1']);
    assertVerifies(db);
  });
});

describe('the scanner prompt of other commands', () => {
  it('C-1/R-2: credit and supplier-return prompts check each serial against the order as it is scanned', async () => {
    const db = copyOfBase();
    ok(cli(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'OLD-2,OLD-3']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'X-1', '--reason', 'found']));
    const so = newNumber(db, ['so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:2']);
    ok(cli(db, ['so', 'ship', so, '--serials', 'OLD-1,OLD-2']));

    const credit = await onTerminal(db, ['credit', 'create', '--so', so, '--product', 'WIDGET'], async (term) => {
      let at = await term.waitFor(/\[0\] serial: /);
      at = term.type('OLD-3\r');
      at = await term.waitFor(/✗ Serial "OLD-3" of WIDGET is in stock \(last document PR-00000002\)[^\n]*not counted/, at);
      at = term.type('X-9\r');
      at = await term.waitFor(/✗ Serial "X-9" of WIDGET is not in the ledger, so it was not shipped on SO-\d{8}[^\n]*not counted/, at);
      at = term.type('OLD-1\r');
      at = await term.waitFor(/✓ OLD-1 \(1\)/, at);
      term.type('\r');
    });
    expect(credit.code).toBe(0);
    expect(credit.term.output).toMatch(new RegExp(`Credit CN-00000001 on ${so} for BAKER: WIDGET 1 returned to MAIN`));

    const back = await onTerminal(db, ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET'], async (term) => {
      let at = await term.waitFor(/\[0\] serial: /);
      at = term.type('X-1\r');
      at = await term.waitFor(/✗ Serial "X-1" of WIDGET was not received on PO-00000001[^\n]*not counted/, at);
      at = term.type('OLD-2\r');
      at = await term.waitFor(/✗ OLD-2 is not in stock in MAIN \(shipped on SS-00000001\) — not counted/, at);
      at = term.type('OLD-1\r');
      at = await term.waitFor(/✓ OLD-1 \(1\)/, at);
      term.type('\r');
    });
    expect(back.code).toBe(0);
    expect(back.term.output).toMatch(/Supplier return SR-00000001 on PO-00000001 to ACME: WIDGET 1 from MAIN\./);

    // a free credit (C-4): any serial not in stock, back into the warehouse given
    const free = await onTerminal(db, ['credit', 'create', '--customer', 'BAKER', '--warehouse', 'BACK', '--product', 'WIDGET'], async (term) => {
      let at = await term.waitFor(/\[0\] serial: /);
      at = term.type('OLD-3\r');
      at = await term.waitFor(/✗ OLD-3 is already in stock in MAIN \(received on PR-00000002\) — not counted/, at);
      at = term.type('OLD-2\r');
      at = await term.waitFor(/✓ OLD-2 \(1\)/, at);
      term.type('\r');
    });
    expect(free.code).toBe(0);
    expect(free.term.output).toMatch(/Credit CN-00000002 for BAKER: WIDGET 1 returned to BACK\./);

    // an order that does not exist fails before the prompt opens
    const wrong = await onTerminal(db, ['credit', 'create', '--so', 'SO-00000099', '--product', 'WIDGET'], async () => undefined);
    expect(wrong.code).toBe(1);
    expect(wrong.term.output).toContain('There is no sales order "SO-00000099"');
    expect(wrong.term.output).not.toContain('serial:');
    expect(enquiry(db, ['OLD-1'])[0]).toMatchObject({ status: 'unavailable', lastDocument: { number: 'SR-00000001' } });
    assertVerifies(db);
  });

  it('adjust in: an unknown warehouse is refused before the prompt opens', async () => {
    const db = copyOfBase();
    const { term, code } = await onTerminal(db, ['adjust', 'in', '--warehouse', 'NOWHERE', '--product', 'WIDGET', '--reason', 'found'], async () => undefined);
    expect(code).toBe(1);
    expect(term.output).toMatch(/There is no warehouse with code "NOWHERE"/);
    expect(term.output).not.toMatch(/serial: /);
  });
});

describe('confirmation on a terminal', () => {
  it('P-1: enable-serial-tracking asks first; answering no leaves it off, yes switches it on', async () => {
    const dir = tempDir('serials-e2e-scan-');
    dirs.push(dir);
    const db = join(dir, 'confirm.db');
    ok(cli(db, ['init']));
    const settings = () => (JSON.parse(ok(cli(db, ['--json', 'settings', 'show'])).stdout) as { serialTracking: boolean }).serialTracking;

    const no = await onTerminal(db, ['settings', 'enable-serial-tracking'], async (term) => {
      await term.waitFor(/cannot be undone/);
      term.type('n\r');
    });
    expect(no.code).toBe(0);
    expect(settings()).toBe(false);

    const yes = await onTerminal(db, ['settings', 'enable-serial-tracking'], async (term) => {
      await term.waitFor(/cannot be undone/);
      term.type('y\r');
    });
    expect(yes.code).toBe(0);
    expect(yes.term.output).toMatch(/Serial tracking is on/);
    expect(settings()).toBe(true);
    assertVerifies(db);
  });
});
