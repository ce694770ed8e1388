/**
 * A map per (product, warehouse): a real composite key, and no string built per row. Values
 * come out in the order they were first set, so problems found per level are reported in
 * the order of the input.
 */
export class PerLevel<V> {
  private readonly map = new Map<number, Map<number, V>>();
  private readonly order: { productId: number; warehouseId: number }[] = [];

  get(productId: number, warehouseId: number): V | undefined {
    return this.map.get(productId)?.get(warehouseId);
  }

  set(productId: number, warehouseId: number, value: V): void {
    let inner = this.map.get(productId);
    if (!inner) this.map.set(productId, (inner = new Map()));
    if (!inner.has(warehouseId)) this.order.push({ productId, warehouseId });
    inner.set(warehouseId, value);
  }

  *values(): IterableIterator<V> {
    for (const { productId, warehouseId } of this.order) yield this.map.get(productId)?.get(warehouseId) as V;
  }
}
