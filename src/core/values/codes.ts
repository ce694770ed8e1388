// Codes of warehouses, suppliers, customers and products: what people type on the
// command line and in CSV files, so printable ASCII, compared ignoring case.

export const MAX_CODE_LENGTH = 100;

export type CodeCheck = { ok: true; code: string; key: string } | { ok: false; reason: string };

export function checkCode(raw: string, options: { forbid?: string } = {}): CodeCheck {
  const code = raw.trim();
  if (code.length === 0) return { ok: false, reason: 'is empty' };
  if (code.length > MAX_CODE_LENGTH) return { ok: false, reason: `is longer than ${MAX_CODE_LENGTH} characters` };
  for (const [i, ch] of [...code].entries()) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 32 || c > 126) return { ok: false, reason: `has a character that is not printable ASCII at position ${i + 1}` };
    if (options.forbid?.includes(ch)) return { ok: false, reason: `contains '${ch}', which is not allowed in this code` };
  }
  return { ok: true, code, key: codeKey(code) };
}

export function codeKey(code: string): string {
  return code.trim().toLowerCase();
}
