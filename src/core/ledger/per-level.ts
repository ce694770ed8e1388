/** A map per (product, warehouse): a real composite key, and no string built per row. */
export class PerLevel<V> {
  private readonly map = new Map<number, Map<number, V>>();

  get(productId: number, warehouseId: number): V | undefined {
    return this.map.get(productId)?.get(warehouseId);
  }

  set(productId: number, warehouseId: number, value: V): void {
    let inner = this.map.get(productId);
    if (!inner) this.map.set(productId, (inner = new Map()));
    inner.set(warehouseId, value);
  }

  *values(): IterableIterator<V> {
    for (const inner of this.map.values()) yield* inner.values();
  }
}
