import { SERIAL_FLAGS, type CommandSpec } from '../../command.js';
import type { Context } from '../../context.js';
import { changeAssignments } from '../../families/assignments.js';

export const spec: CommandSpec = {
  noun: 'so',
  verb: 'unassign',
  args: '<so>',
  summary: 'remove serials assigned to an order line',
  flags: [
    { flags: '--product <code>', description: 'the order line', required: true },
    ...SERIAL_FLAGS,
  ],
  examples: ['serials so unassign SO-00000001 --product WIDGET --serials W-0001,W-0002'],
};

export function run(ctx: Context): Promise<void> {
  return changeAssignments(ctx, 'unassign');
}
