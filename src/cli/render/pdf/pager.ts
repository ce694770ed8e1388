// Pages as a grid of equal rows ("slots"): every item of a sheet takes a whole number of
// them, so where each item goes — and how many pages there are — follows from the items
// alone. A layout runs twice: first counting (nothing drawn, only the items' sizes), then
// drawing; both make the same decisions, so "page X of Y" is known before page 1 is written.

export interface Placed {
  page: number;
  /** the first slot the item takes on its page, from 0 */
  slot: number;
  /** the item starts a page */
  fresh: boolean;
}

export class Pager {
  /** the current page, from 1; 0 before the first */
  page = 0;
  /** slots used on the current page */
  used = 0;

  /** `slotsOn(page)`: how many slots page `page` has (the first may have fewer, under a longer header). */
  constructor(private readonly slotsOn: (page: number) => number) {}

  get capacity(): number {
    return this.slotsOn(this.page);
  }

  /** Slots left on the current page. */
  get left(): number {
    return this.page === 0 ? 0 : this.capacity - this.used;
  }

  /**
   * Places an item of `slots` slots, on a new page when it does not fit on this one with
   * `keep` more slots after it (a heading kept with its first row). An item larger than a
   * page still starts a page of its own rather than never being placed.
   */
  place(slots: number, keep = 0): Placed {
    let fresh = false;
    if (this.page === 0 || (this.used > 0 && this.used + slots + keep > this.capacity)) {
      this.page++;
      this.used = 0;
      fresh = true;
    }
    const slot = this.used;
    this.used += slots;
    return { page: this.page, slot, fresh };
  }

  /** Whether an item of `slots` fits on the current page (with `keep` more after it). */
  fits(slots: number, keep = 0): boolean {
    return this.page > 0 && this.used + slots + keep <= this.capacity;
  }
}
