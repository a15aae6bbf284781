import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCell, formatMarkdownTable, formatTable } from './table.ts';
import type { Table } from './types.ts';

const table: Table = {
  title: 'Parse',
  columns: [
    { key: 'parser', title: 'parser' },
    { key: 'mbs', title: 'MB/s', digits: 1 },
    { key: 'items', title: 'items found' },
  ],
  rows: [
    { parser: 'tidings', mbs: 123.456, items: 50000 },
    { parser: 'a|b', mbs: null, items: 7 },
  ],
};

test('formatCell: thousands separators, fixed decimals, dash for null', () => {
  assert.equal(formatCell(1234567), '1,234,567');
  assert.equal(formatCell(1.005, 2), '1.01');
  assert.equal(formatCell(null), '–');
  assert.equal(formatCell('x'), 'x');
});

test('formatTable: numbers right-aligned, text left-aligned, under the title', () => {
  assert.equal(
    formatTable(table),
    [
      'Parse',
      'parser    MB/s  items found',
      '-------  -----  -----------',
      'tidings  123.5       50,000',
      'a|b          –            7',
    ].join('\n'),
  );
});

test('formatMarkdownTable: alignment row and escaped pipes', () => {
  assert.equal(
    formatMarkdownTable(table),
    ['| parser | MB/s | items found |', '|---|---:|---:|', '| tidings | 123.5 | 50,000 |', '| a\\|b | – | 7 |'].join('\n'),
  );
});
