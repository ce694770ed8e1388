/**
 * Appends to the list kept under `key`. (Not `map.set(key, [...list, value])`: copying the
 * list for every item is quadratic, and lists here can hold 100,000 serials.)
 */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
