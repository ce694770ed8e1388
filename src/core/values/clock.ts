/** Timestamps are ISO-8601 UTC text: sortable, and the same in SQLite and PostgreSQL. */
export function now(): string {
  return new Date().toISOString();
}
