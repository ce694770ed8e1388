// assemble, disassemble and assembly complete|list|show: --component CODE=<serials>, the
// mapping file (Assembled Serial,Component Code,Component Serial), one JSON shape per result
// and the sentence each is summed up in (counts, never 10,000 serials at a terminal).

import type { AssemblyResult, ComponentSerials, MappingRow } from '../../core/assemblies/assemble.js';
import type { DisassemblyResult } from '../../core/assemblies/disassemble.js';
import type { AssemblyRow } from '../../core/assemblies/assembly-view.js';
import { toNumber } from '../../core/values/quantity.js';
import { RejectedError, shown, type Problem } from '../../errors.js';
import { headerKey } from '../../io/csv-cells.js';
import { chooseDelimiter, csvRecords, headerLine, malformedProblem, splitLine, tooManyCells } from '../../io/csv-stream.js';
import { expandList, type GatheredSerial } from '../input/serials.js';
import { formatCell } from '../render/present.js';
import { movedSummary } from './transfers.js';

/** `--component CODE=<serials>`: a code, then serials as --serials takes them (commas, ranges). */
export const COMPONENT = /^([^=]+)=(.+)$/s;

/** Each --component as the core takes it, its serials' sources "--component N item M"; bad ranges rejected together. */
export function componentSerials(given: readonly string[]): ComponentSerials[] {
  const problems: Problem[] = [];
  const out = given.map((g, i) => {
    const m = COMPONENT.exec(g) as RegExpExecArray;
    const serials: GatheredSerial[] = [];
    expandList(m[2] ?? '', `--component ${i + 1}`, serials, problems);
    return { product: (m[1] ?? '').trim(), serials, source: `--component ${i + 1}` };
  });
  if (problems.length) throw new RejectedError(problems);
  return out;
}

const MAPPING_COLUMNS = ['Assembled Serial', 'Component Code', 'Component Serial'] as const;
const MAPPING_KEYS = MAPPING_COLUMNS.map(headerKey);
const MAX_RECORD_BYTES = 64 * 1024;

/**
 * M-3 given explicitly: a --serials-file whose header names the mapping columns, one row per
 * component serial and the unit it goes into. Undefined when the file is something else (a
 * list of serials); a mapping file with other columns, or rows that cannot be read, is refused.
 */
export function mappingOfText(text: string, name: string, problems: Problem[]): MappingRow[] | undefined {
  const first = headerLine(text).line;
  const column = (cell: string) => MAPPING_KEYS.indexOf(headerKey(cell));
  const delimiter = chooseDelimiter(first, (cell) => column(cell) >= 0);
  if (delimiter === null || !splitLine(first, delimiter).some((cell) => column(cell) >= 0)) return undefined;
  const [head, ...records] = csvRecords(text, delimiter, name, { maxRecordBytes: MAX_RECORD_BYTES });
  if (head === undefined) return undefined;
  const where = `${name} line ${head.line}`;
  const columns = head.values.map(column);
  const missing = MAPPING_COLUMNS.filter((_, i) => !columns.includes(i));
  const other = head.values.filter((_, i) => (columns[i] ?? -1) < 0 || columns.indexOf(columns[i] ?? -1) !== i);
  if (head.malformed !== undefined || missing.length || other.length) {
    throw new RejectedError([
      {
        code: 'mapping_columns',
        message: `${where}: the header ${shown(first)} is not that of a mapping file${missing.length ? `: it lacks ${missing.join(', ')}` : ''}${other.length ? `${missing.length ? ', and' : ':'} ${other.map((c) => shown(c)).join(', ')} ${other.length === 1 ? 'is' : 'are'} not expected (or repeated)` : ''}.`,
        fix: `A mapping file has exactly the columns ${MAPPING_COLUMNS.join(', ')} (in any order), one row per component serial; a file without a header lists the new unit serials, one per line.`,
        source: where,
      },
    ]);
  }
  const rows: MappingRow[] = [];
  for (const { line, values, malformed } of records) {
    const source = `${name} line ${line}`;
    const problem = malformed !== undefined ? malformedProblem(malformed) : tooManyCells(values, columns.length);
    if (problem) {
      problems.push({ ...problem, message: `${source}: ${problem.message}`, source });
      continue;
    }
    const cell = (c: number) => values[columns.indexOf(c)] ?? '';
    const [unit, code, serial] = [cell(0), cell(1).trim(), cell(2)];
    if (unit.trim() === '' && code === '' && serial.trim() === '') continue;
    const empty = MAPPING_COLUMNS.filter((_, c) => cell(c).trim() === '');
    if (empty.length) {
      problems.push({ code: 'mapping_cell_empty', message: `${source}: ${empty.join(' and ')} ${empty.length === 1 ? 'is' : 'are'} empty.`, fix: 'Give every row its unit serial, component code and component serial.', source });
      continue;
    }
    rows.push({ unit: { raw: unit, source }, product: code, serial: { raw: serial, source } });
  }
  return rows;
}

const qty = (e4: number) => formatCell('quantity', toNumber(e4), 'table');
const summary = (lines: readonly { product: string; quantityE4: number; serialCount: number }[]) => movedSummary(lines.map((l) => ({ ...l, serials: [] })));

/** An assembly as assemble and assembly complete give it in --json. */
export function assemblyJson(r: AssemblyResult) {
  return {
    number: r.number,
    status: r.status,
    product: r.product,
    quantity: toNumber(r.quantityE4),
    from: r.from,
    to: r.to,
    lines: r.lines.map((l) => ({ product: l.product, quantity: toNumber(l.quantityE4), serialCount: l.serialCount })),
    units: r.units,
  };
}

/** "Assembly AS-00000001: made 2 BIKE in MAIN from FRAME 2, WHEEL 4 and BOLT 8." */
export function assemblySentence(r: AssemblyResult): string {
  const out = r.to === r.from ? '' : ` out of ${r.from}`;
  const what = `${qty(r.quantityE4)} ${r.product} in ${r.to} from ${summary(r.lines)}${out}`;
  if (r.status === 'parked') return `Assembly ${r.number} parked: ${what}, its component serials held; complete it with serials assembly complete ${r.number}`;
  return `Assembly ${r.number}: made ${what}.`;
}

/** A disassembly as disassemble gives it in --json. */
export function disassemblyJson(d: DisassemblyResult) {
  return {
    number: d.number,
    product: d.product,
    quantity: toNumber(d.quantityE4),
    warehouse: d.warehouse,
    units: d.units,
    lines: d.lines.map((l) => ({ product: l.product, quantity: toNumber(l.quantityE4), serials: l.serials, serialCount: l.serialCount })),
  };
}

/** "Disassembly DA-00000001: took apart 1 BIKE in MAIN; back in stock: FRAME 1, WHEEL 2 and BOLT 4." */
export function disassemblySentence(d: DisassemblyResult): string {
  return `Disassembly ${d.number}: took apart ${qty(d.quantityE4)} ${d.product} in ${d.warehouse}; back in stock: ${summary(d.lines)}.`;
}

/** An assembly's header as list and show give it in --json. */
export function assemblyRowJson(a: AssemblyRow) {
  return { number: a.number, status: a.status, product: a.product, quantity: toNumber(a.quantityE4), from: a.from, to: a.to, createdAt: a.createdAt, completedAt: a.completedAt };
}
