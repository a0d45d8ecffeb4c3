import { expect, test } from 'vitest';
import { RecentMemo } from '../../../src/simulator/market/recent-memo.js';

test('keeps the last results added and computes again the ones dropped, oldest first', () => {
  const memo = new RecentMemo<number, string>(3);
  const computed: number[] = [];
  const read = (key: number): string => memo.get(key, () => {
    computed.push(key);
    return `value ${key}`;
  });
  expect([1, 2, 3, 1, 2, 3].map(read)).toEqual(['value 1', 'value 2', 'value 3', 'value 1', 'value 2', 'value 3']);
  expect(computed).toEqual([1, 2, 3]);
  read(4);
  read(2);
  read(3);
  expect(computed).toEqual([1, 2, 3, 4]);
  read(1);
  expect(computed).toEqual([1, 2, 3, 4, 1]);
  // 1 replaced 2, the oldest left after 1 itself was dropped.
  read(3);
  read(4);
  read(2);
  expect(computed).toEqual([1, 2, 3, 4, 1, 2]);
});
