// Both ledger drivers (SQLite's and PostgreSQL's) hold one connection per command: Kysely's
// callers take turns on it, in the order they asked.

export class TakingTurns {
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  /** Resolves when every earlier caller has released its turn. */
  async take(): Promise<void> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
  }

  give(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}
