// How `serials trace` shows a unit's genealogy: the JSON of schemas/trace.schema.json, and a
// tree for people that fits the terminal (80 columns when not one), long text shortened.
//
//   PUMP-0001  PUMP  Unavailable  shipped to BAKER on SS-00000001 (SO-00000001)
//   ├─ MOTOR-0001  MOTOR  Unavailable  built on AS-00000002
//   │  ├─ COIL-0001  COIL  Unavailable  from ACME (PO-00000001)
//   │  └─ COIL-0002  COIL  Unavailable  from ACME (PO-00000001)
//   └─ CASE-0001  CASE  Unavailable  from ACME (PO-00000002)
//   Origin: built on AS-00000003        (on the first line when it fits there)
//   Built into: …                        (for a unit inside another)
//   Earlier:
//     in PUMP-0009 (PUMP): AS-00000001, taken out by DA-00000001

import type { ComponentNode, ParentNode, Trace, UnitFacts } from '../../core/reports/trace.js';
import { statusText } from '../render/present.js';
import { shorten, widthOf } from '../render/table.js';

function factsJson(u: UnitFacts) {
  return {
    serial: u.serial,
    product: u.product,
    status: u.status,
    warehouse: u.warehouse,
    receivedFrom: u.receivedFrom && { supplier: u.receivedFrom.supplier, document: u.receivedFrom.document },
    assembly: u.assembly,
    shippedTo: u.shippedTo && { customer: u.shippedTo.customer, document: u.shippedTo.document, salesOrder: u.shippedTo.salesOrder },
  };
}

type ComponentJson = ReturnType<typeof factsJson> & { components: ComponentJson[] };
type ParentJson = ReturnType<typeof factsJson> & { builtInto: ParentJson | null };

const componentJson = (c: ComponentNode): ComponentJson => ({ ...factsJson(c), components: c.components.map(componentJson) });
const parentJson = (p: ParentNode | null): ParentJson | null => p && { ...factsJson(p), builtInto: parentJson(p.builtInto) };

/** The trace as --json prints it (schemas/trace.schema.json). */
export function traceJson(t: Trace) {
  return {
    ...factsJson(t),
    components: t.components.map(componentJson),
    builtInto: parentJson(t.builtInto),
    earlierLinks: {
      builtInto: t.earlierLinks.builtInto.map((e) => ({ unit: e.unit, product: e.product, assembly: e.assembly, disassembly: e.disassembly })),
      components: t.earlierLinks.components.map((e) => ({ serial: e.serial, product: e.product, assembly: e.assembly, disassembly: e.disassembly })),
    },
  };
}

/** Where the unit is: in a warehouse, or with the customer it was shipped to. */
function whereNow(u: UnitFacts): string {
  if (u.shippedTo) return `shipped to ${u.shippedTo.customer} on ${u.shippedTo.document} (${u.shippedTo.salesOrder})`;
  return u.warehouse !== null ? `in ${u.warehouse}` : '';
}

/** Where the unit came from: its supplier and purchase order, or its assembly. */
function origin(u: UnitFacts): string {
  if (u.receivedFrom) return `from ${u.receivedFrom.supplier} (${u.receivedFrom.document})`;
  return u.assembly !== null ? `built on ${u.assembly}` : '';
}

/**
 * `prefix` and the parts, two spaces apart, in `width` columns: the longest part is
 * shortened ("…") a column at a time until the line fits.
 */
function fitLine(prefix: string, parts: readonly string[], width: number): string {
  const shown = parts.filter((p) => p !== '');
  const widths = shown.map(widthOf);
  let excess = widthOf(prefix) + widths.reduce((a, b) => a + b, 0) + 2 * Math.max(0, shown.length - 1) - width;
  while (excess > 0) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if ((widths[i] as number) > (widths[widest] as number)) widest = i;
    if ((widths[widest] as number) <= 4) break;
    widths[widest] = (widths[widest] as number) - 1;
    excess--;
  }
  const line = prefix + shown.map((p, i) => shorten(p, widths[i] as number)).join('  ');
  return widthOf(line) > width ? shorten(line, width) : line;
}

function componentLines(components: readonly ComponentNode[], indent: string, width: number, out: string[]): void {
  components.forEach((c, i) => {
    const last = i === components.length - 1;
    out.push(fitLine(`${indent}${last ? '└─ ' : '├─ '}`, [c.serial, c.product, statusText(c.status), origin(c)], width));
    componentLines(c.components, `${indent}${last ? '   ' : '│  '}`, width, out);
  });
}

/** "Built into: UNIT (PRODUCT) → … → shipped to …", continued on the next lines when it does not fit. */
function builtIntoLines(builtInto: ParentNode | null, width: number): string[] {
  if (!builtInto) return [];
  const steps: string[] = [];
  let last: ParentNode = builtInto;
  for (let p: ParentNode | null = builtInto; p; p = p.builtInto) {
    steps.push(`${p.serial} (${p.product})`);
    last = p;
  }
  steps.push(whereNow(last) || statusText(last.status));
  const label = 'Built into: ';
  const indent = ' '.repeat(label.length);
  const lines: string[] = [];
  let line = label;
  steps.forEach((step, i) => {
    const piece = i === 0 ? step : ` → ${step}`;
    if (i > 0 && widthOf(line + piece) > width) {
      lines.push(line);
      line = indent + shorten(`→ ${step}`, width - indent.length);
    } else {
      line += i === 0 ? shorten(step, width - label.length) : piece;
    }
  });
  lines.push(line);
  return lines;
}

/** The trace as lines of text for people, each at most `width` columns. */
export function traceLines(t: Trace, width: number): string[] {
  const parts = [t.serial, t.product, statusText(t.status), whereNow(t)];
  const withOrigin = [...parts, origin(t)].filter((p) => p !== '').join('  ');
  // its origin goes on its line when there is room, else on a line of its own after the tree
  const originApart = widthOf(withOrigin) > width;
  const lines = [fitLine('', originApart ? parts : [...parts, origin(t)], width)];
  componentLines(t.components, '', width, lines);
  if (originApart) lines.push(fitLine('Origin: ', [origin(t)], width));
  lines.push(...builtIntoLines(t.builtInto, width));
  const { builtInto: units, components } = t.earlierLinks;
  if (units.length + components.length > 0) {
    lines.push('Earlier:');
    for (const e of units) lines.push(fitLine('  ', [`in ${e.unit} (${e.product}):`, `${e.assembly}, taken out by ${e.disassembly}`], width));
    for (const e of components) lines.push(fitLine('  ', [`held ${e.serial} (${e.product}):`, `${e.assembly}, taken out by ${e.disassembly}`], width));
  }
  return lines;
}
