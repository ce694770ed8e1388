// A bill of materials as --json gives it (bom show, and bom set, which prints the BOM it
// set: schemas/bom/show.schema.json, schemas/bom/set.schema.json), and its page.

import type { BomView } from '../../core/assemblies/boms.js';
import { formatQuantity, toNumber } from '../../core/values/quantity.js';
import type { Context } from '../context.js';
import { presentShow, type View } from '../render/present.js';

export function bomJson(bom: BomView) {
  return {
    product: bom.product,
    description: bom.description,
    serialized: bom.serialized,
    components: bom.components.map((c) => ({ line: c.lineNo, product: c.product, description: c.description, serialized: c.serialized, quantity: toNumber(c.quantityE4) })),
    usedIn: bom.usedIn,
  };
}

/** The components as one line: "FRAME × 1, WHEEL × 2". */
export function componentsText(bom: BomView): string {
  return bom.components.map((c) => `${c.product} × ${formatQuantity(c.quantityE4)}`).join(', ');
}

export function presentBom(ctx: Context, bom: BomView): void {
  type Component = BomView['components'][number];
  const components: View<Component> = {
    columns: [
      { header: 'Product Code', kind: 'code', value: () => bom.product, only: 'csv' },
      { header: 'Line', kind: 'count', value: (c) => c.lineNo, only: 'table' },
      { header: 'Component Code', kind: 'code', value: (c) => c.product },
      { header: 'Component Description', kind: 'text', value: (c) => c.description },
      { header: 'Serialized', kind: 'text', value: (c) => (c.serialized ? 'Yes' : 'No') },
      { header: 'Quantity', kind: 'quantity', value: (c) => toNumber(c.quantityE4) },
    ],
    json: () => undefined,
  };
  presentShow(ctx, {
    json: bomJson(bom),
    title: bom.description ? `${bom.product}  ${bom.description}` : bom.product,
    fields: [
      ['Serialized', bom.serialized ? 'Yes' : 'No'],
      ['Components', `${bom.components.length} (quantities per unit of ${bom.product})`],
      ['Used in', bom.usedIn.length ? bom.usedIn.join(', ') : 'no other bill of materials'],
    ],
    sections: [{ title: 'Components', rows: bom.components, view: components }],
    csv: { rows: bom.components, view: components },
  });
}
