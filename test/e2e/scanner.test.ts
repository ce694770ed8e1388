// End-to-end: the interactive prompts on a real pseudo-terminal. `script` (util-linux)
// gives the CLI a terminal; the test types into it through script's stdin, as a barcode
// scanner would (a serial, then Enter).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, assertVerifies, cli, cliLedger, tempDir, ok, copyLedger } from '../helpers/ledger.js';

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

/** A copy of the base ledger: PO-00000001 for 10 WIDGET with OLD-1 already received. */
function copyOfBase(): string {
  return copyLedger(base.db, dirs, 'serials-e2e-scan-').db;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The CLI running on a pseudo-terminal, with everything it shows collected in `output`. */
class Terminal {
  output = '';
  private readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;

  constructor(db: string, args: string[]) {
    const command = [process.execPath, BIN, '--db', db, ...args].map(quote).join(' ');
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    });
    this.child.stdout.on('data', (d: Buffer) => (this.output += d.toString('utf8')));
    this.child.stderr.on('data', (d: Buffer) => (this.output += d.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Waits until the output (from `from` on) matches, or fails showing what was seen. */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 8000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.output.slice(from));
      if (m) return from + m.index + m[0].length;
      if (Date.now() > deadline || this.child.exitCode !== null) {
        await new Promise((r) => setTimeout(r, 50));
        const again = pattern.exec(this.output.slice(from));
        if (again) return from + again.index + again[0].length;
        throw new Error(`timed out waiting for ${pattern}; the terminal showed:\n${JSON.stringify(this.output.slice(from))}`);
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  type(text: string): number {
    const mark = this.output.length;
    this.child.stdin.write(text);
    return mark;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  async exitCode(timeoutMs = 15000): Promise<number | null> {
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs));
    const code = await Promise.race([this.exited, timer]);
    if (code === 'timeout') {
      this.kill();
      throw new Error(`the command did not finish; the terminal showed:\n${JSON.stringify(this.output)}`);
    }
    return code;
  }
}

const enquiry = (db: string, args: string[]) =>
  JSON.parse(ok(cli(db, ['--json', 'enquiry', ...args])).stdout) as { serial: string; status: string; lastDocument: { number: string } }[];

describe('the scanner prompt', () => {
  it('N-1/N-6: checks each serial as it arrives, shows the running count, and receives exactly the good ones', async () => {
    const db = copyOfBase();
    const term = new Terminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET']);
    try {
      await term.waitFor(/\[0\] serial: /);

      let at = term.type('SC-1\r');
      at = await term.waitFor(/✓ SC-1 \(1\)/, at);
      await term.waitFor(/\[1\] serial: /, at);

      // a tab: rejected at once, with the reason, and not counted
      at = term.type('SC\t9\r');
      at = await term.waitFor(/✗ "SC\\t9" has a tab at position 3[^\n]*not counted/, at);
      await term.waitFor(/\[1\] serial: /, at);

      // a non-ASCII character: rejected at once
      at = term.type('SCÉ-2\r');
      // the serial is echoed with its non-ASCII character escaped; the reason names it
      at = await term.waitFor(/✗ "SC\\xc9-2" has a non-ASCII character 'É' \(U\+00C9\)[^\n]*position 3[^\n]*not counted/, at);
      await term.waitFor(/\[1\] serial: /, at);

      // the same unit again (case differs): rejected at once
      at = term.type('sc-1\r');
      at = await term.waitFor(/✗ "sc-1" was already scanned[^\n]*not counted/, at);
      await term.waitFor(/\[1\] serial: /, at);

      // leading and trailing spaces are trimmed (N-2)
      at = term.type('  SC-2 \r');
      at = await term.waitFor(/✓ SC-2 \(2\)/, at);
      await term.waitFor(/\[2\] serial: /, at);

      at = term.type('SC-3\r');
      at = await term.waitFor(/✓ SC-3 \(3\)/, at);
      await term.waitFor(/\[3\] serial: /, at);

      at = term.type('\r');
      await term.waitFor(/3 serial\(s\) scanned/, at);
      expect(await term.exitCode()).toBe(0);
      expect(term.output).toMatch(/Receipt PR-\d{8} on PO-00000001 into MAIN: WIDGET 3\./);
    } finally {
      term.kill();
    }

    const received = enquiry(db, ['--document', 'PO-00000001']).map((r) => r.serial);
    expect(received).toEqual(['OLD-1', 'SC-1', 'SC-2', 'SC-3']);
    const po = JSON.parse(ok(cli(db, ['--json', 'po', 'show', 'PO-00000001'])).stdout) as { lines: { received: number }[]; receipts: unknown[] };
    expect(po.lines[0]?.received).toBe(4);
    expect(po.receipts).toHaveLength(2);
    assertVerifies(db);
  });

  it('serials typed faster than the prompt (a scanner burst) are all read, in order', async () => {
    const db = copyOfBase();
    const term = new Terminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET']);
    try {
      await term.waitFor(/\[0\] serial: /);
      term.type('FAST-1\rFAST-2\rFAST-1\rFAST-3\r\r');
      expect(await term.exitCode()).toBe(0);
    } finally {
      term.kill();
    }
    expect(term.output).toMatch(/✓ FAST-3 \(3\)/);
    expect(term.output).toMatch(/"FAST-1" was already scanned/);
    expect(enquiry(db, ['--contains', 'FAST']).map((r) => r.serial)).toEqual(['FAST-1', 'FAST-2', 'FAST-3']);
    assertVerifies(db);
  });

  it('PO-3: a serial that is already in stock is rejected as it is scanned, not after the last one', async () => {
    const db = copyOfBase();
    const term = new Terminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET']);
    try {
      await term.waitFor(/\[0\] serial: /);
      let at = term.type('NEW-1\r');
      at = await term.waitFor(/✓ NEW-1 \(1\)/, at);
      at = term.type('old-1\r');
      at = await term.waitFor(/✗ [^\n]*OLD-1[^\n]*(already available|already in stock)[^\n]*not counted/i, at);
      await term.waitFor(/\[1\] serial: /, at);
      at = term.type('\r');
      expect(await term.exitCode()).toBe(0);
    } finally {
      term.kill();
    }
    expect(enquiry(db, ['--document', 'PO-00000001']).map((r) => r.serial)).toEqual(['NEW-1', 'OLD-1']);
    assertVerifies(db);
  });

  it('S-3: so ship at a terminal asks for the serials the assigned ones do not cover, checks each against the order warehouse and the shipment, and refuses more than needed', async () => {
    const db = copyOfBase();
    ok(cli(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'OLD-2,OLD-3,OLD-4']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'BACK', '--product', 'WIDGET', '--serials', 'FAR-1', '--reason', 'found']));
    const so = JSON.parse(ok(cli(db, ['--json', 'so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:3'])).stdout).number as string;
    ok(cli(db, ['so', 'assign', so, '--product', 'WIDGET', '--serials', 'OLD-1']));
    const term = new Terminal(db, ['so', 'ship', so]);
    try {
      await term.waitFor(new RegExp(`Serials of WIDGET to ship on ${so}: 2 needed`));
      let at = await term.waitFor(/\[0\/2\] serial: /);
      at = term.type('NOPE\r');
      at = await term.waitFor(/✗ Serial "NOPE" of product WIDGET is not in the ledger[^\n]*not counted/, at);
      at = term.type('FAR-1\r');
      at = await term.waitFor(/✗ Serial "FAR-1" of product WIDGET is available in warehouse BACK, not MAIN[^\n]*not counted/, at);
      // the assigned serial goes on the shipment anyway: refused as it is scanned
      at = term.type('old-1\r');
      at = await term.waitFor(new RegExp(`✗ "old-1" of WIDGET: it is assigned to ${so} and goes on this shipment[^\\n]*not counted`), at);
      at = term.type('OLD-2\r');
      at = await term.waitFor(/✓ OLD-2 \(1\)/, at);
      await term.waitFor(/\[1\/2\] serial: /, at);
      at = term.type('OLD-3\r');
      at = await term.waitFor(/✓ OLD-3 \(2\) — all needed/, at);
      // a scanner burst past the count: the extra one is refused, and nothing is lost
      at = term.type('OLD-4\r\r');
      at = await term.waitFor(/✗ "OLD-4" would be more than the 2 needed[^\n]*not counted/, at);
      await term.waitFor(/2 serial\(s\) scanned/, at);
      expect(await term.exitCode()).toBe(0);
      expect(term.output).toMatch(new RegExp(`Shipment SS-00000001 on ${so} dispatched to BAKER from MAIN: WIDGET 3\\. ${so} is now completed\\.`));
    } finally {
      term.kill();
    }
    expect(enquiry(db, ['--so', so]).map((r) => [r.serial, r.status])).toEqual([
      ['OLD-1', 'unavailable'],
      ['OLD-2', 'unavailable'],
      ['OLD-3', 'unavailable'],
    ]);
    assertVerifies(db);
  });

  it('S-3: so ship of two serialized lines asks line by line through one reader: a burst typed ahead for the second line is kept', async () => {
    const db = copyOfBase();
    ok(cli(db, ['product', 'add', 'GADGET', '--serialized']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'GADGET', '--serials', 'G-1', '--reason', 'found']));
    const so = JSON.parse(ok(cli(db, ['--json', 'so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:1', '--line', 'GADGET:1'])).stdout).number as string;
    const term = new Terminal(db, ['so', 'ship', so]);
    try {
      await term.waitFor(/Serials of WIDGET to ship on [^\n]*1 needed[\s\S]*\[0\/1\] serial: /);
      term.type('OLD-1\r\rG-1\r\r');
      expect(await term.exitCode()).toBe(0);
    } finally {
      term.kill();
    }
    expect(term.output).toMatch(/Serials of GADGET to ship on [^\n]*1 needed/);
    expect(term.output).toMatch(/✓ G-1 \(1\)/);
    expect(term.output).toMatch(new RegExp(`dispatched to BAKER from MAIN: WIDGET 1, GADGET 1\\. ${so} is now completed`));
    expect(enquiry(db, ['--so', so]).map((r) => r.serial)).toEqual(['G-1', 'OLD-1']);
    assertVerifies(db);
  });

  it('C-1/R-2: credit and supplier-return prompts check each serial against the order as it is scanned', async () => {
    const db = copyOfBase();
    ok(cli(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET', '--serials', 'OLD-2,OLD-3']));
    ok(cli(db, ['adjust', 'in', '--warehouse', 'MAIN', '--product', 'WIDGET', '--serials', 'X-1', '--reason', 'found']));
    const so = JSON.parse(ok(cli(db, ['--json', 'so', 'create', '--customer', 'BAKER', '--warehouse', 'MAIN', '--line', 'WIDGET:2'])).stdout).number as string;
    ok(cli(db, ['so', 'ship', so, '--serials', 'OLD-1,OLD-2']));

    const credit = new Terminal(db, ['credit', 'create', '--so', so, '--product', 'WIDGET']);
    try {
      let at = await credit.waitFor(/\[0\] serial: /);
      at = credit.type('OLD-3\r');
      at = await credit.waitFor(/✗ Serial "OLD-3" of WIDGET is in stock \(last document PR-00000002\)[^\n]*not counted/, at);
      at = credit.type('X-9\r');
      at = await credit.waitFor(/✗ Serial "X-9" of WIDGET is not in the ledger, so it was not shipped on SO-\d{8}[^\n]*not counted/, at);
      at = credit.type('OLD-1\r');
      at = await credit.waitFor(/✓ OLD-1 \(1\)/, at);
      credit.type('\r');
      expect(await credit.exitCode()).toBe(0);
    } finally {
      credit.kill();
    }
    expect(credit.output).toMatch(new RegExp(`Credit CN-00000001 on ${so} for BAKER: WIDGET 1 returned to MAIN`));

    const back = new Terminal(db, ['supplier-return', 'create', '--po', 'PO-00000001', '--product', 'WIDGET']);
    try {
      let at = await back.waitFor(/\[0\] serial: /);
      at = back.type('X-1\r');
      at = await back.waitFor(/✗ Serial "X-1" of WIDGET was not received on PO-00000001[^\n]*not counted/, at);
      at = back.type('OLD-2\r');
      at = await back.waitFor(/✗ Serial "OLD-2" of product WIDGET is unavailable \(last document SS-00000001\)[^\n]*not counted/, at);
      at = back.type('OLD-1\r');
      at = await back.waitFor(/✓ OLD-1 \(1\)/, at);
      back.type('\r');
      expect(await back.exitCode()).toBe(0);
    } finally {
      back.kill();
    }
    expect(back.output).toMatch(/Supplier return SR-00000001 on PO-00000001 to ACME: WIDGET 1 from MAIN\./);

    // a free credit (C-4): any serial not in stock, back into the warehouse given
    const free = new Terminal(db, ['credit', 'create', '--customer', 'BAKER', '--warehouse', 'BACK', '--product', 'WIDGET']);
    try {
      let at = await free.waitFor(/\[0\] serial: /);
      at = free.type('OLD-3\r');
      at = await free.waitFor(/✗ Serial "OLD-3" of product WIDGET is already available in warehouse MAIN[^\n]*not counted/, at);
      at = free.type('OLD-2\r');
      at = await free.waitFor(/✓ OLD-2 \(1\)/, at);
      free.type('\r');
      expect(await free.exitCode()).toBe(0);
    } finally {
      free.kill();
    }
    expect(free.output).toMatch(/Credit CN-00000002 for BAKER: WIDGET 1 returned to BACK\./);

    // an order that does not exist fails before the prompt opens
    const wrong = new Terminal(db, ['credit', 'create', '--so', 'SO-00000099', '--product', 'WIDGET']);
    try {
      expect(await wrong.exitCode()).toBe(1);
    } finally {
      wrong.kill();
    }
    expect(wrong.output).toContain('There is no sales order "SO-00000099"');
    expect(wrong.output).not.toContain('serial:');
    expect(enquiry(db, ['OLD-1'])[0]).toMatchObject({ status: 'unavailable', lastDocument: { number: 'SR-00000001' } });
    assertVerifies(db);
  });

  it('Ctrl-C at the prompt abandons the receipt: exit 130 and nothing written', async () => {
    const db = copyOfBase();
    const term = new Terminal(db, ['po', 'receive', 'PO-00000001', '--product', 'WIDGET']);
    try {
      await term.waitFor(/\[0\] serial: /);
      const at = term.type('INT-1\r');
      await term.waitFor(/✓ INT-1 \(1\)/, at);
      term.type('\u0003');
      expect(await term.exitCode()).toBe(130);
    } finally {
      term.kill();
    }
    expect(term.output).toMatch(/nothing was written/);
    expect(enquiry(db, ['INT-1'])).toEqual([]);
    assertVerifies(db);
  });

  it('--no-input on a terminal never prompts: no serials given exits 2 naming --serials', async () => {
    const db = copyOfBase();
    const term = new Terminal(db, ['--no-input', 'po', 'receive', 'PO-00000001', '--product', 'WIDGET']);
    let code: number | null;
    try {
      code = await term.exitCode();
    } finally {
      term.kill();
    }
    expect(code).toBe(2);
    expect(term.output).toContain('--serials');
    expect(term.output).not.toMatch(/serial: /);
    const po = JSON.parse(ok(cli(db, ['--json', 'po', 'show', 'PO-00000001'])).stdout) as { lines: { received: number }[] };
    expect(po.lines[0]?.received).toBe(1);
    assertVerifies(db);
  });
});

describe('confirmation on a terminal', () => {
  it('P-1: enable-serial-tracking asks first; answering no leaves it off, yes switches it on', async () => {
    const dir = tempDir('serials-e2e-scan-');
    dirs.push(dir);
    const db = join(dir, 'confirm.db');
    ok(cli(db, ['init']));
    const settings = () => (JSON.parse(ok(cli(db, ['--json', 'settings', 'show'])).stdout) as { serialTracking: boolean }).serialTracking;

    const no = new Terminal(db, ['settings', 'enable-serial-tracking']);
    try {
      await no.waitFor(/cannot be undone/);
      no.type('n\r');
      expect(await no.exitCode()).toBe(0);
    } finally {
      no.kill();
    }
    expect(settings()).toBe(false);

    const yes = new Terminal(db, ['settings', 'enable-serial-tracking']);
    try {
      await yes.waitFor(/cannot be undone/);
      yes.type('y\r');
      expect(await yes.exitCode()).toBe(0);
    } finally {
      yes.kill();
    }
    expect(yes.output).toMatch(/Serial tracking is on/);
    expect(settings()).toBe(true);
    assertVerifies(db);
  });
});
