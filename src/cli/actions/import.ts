// Moved to src/cli/families/imports.ts (issue 10). Kept only for actions/demo.ts, which
// imports these names from here until the demo moves into its module; delete it then.

export { describeWritten, IMPORTERS, type ImportKind } from '../families/imports.js';
