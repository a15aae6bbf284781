/** Plain-text and Markdown rendering of result tables. */
import type { Cell, Column, Table } from './types.ts';

/** A number with thousands separators and a fixed count of decimals; text as is; null as '–'. */
export function formatCell(value: Cell, digits = 0): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function alignOf(column: Column, table: Table): 'left' | 'right' {
  if (column.align) return column.align;
  return table.rows.some((row) => typeof row[column.key] === 'number') ? 'right' : 'left';
}

function cellsOf(table: Table): string[][] {
  return table.rows.map((row) => table.columns.map((c) => formatCell(row[c.key] ?? null, c.digits ?? 0)));
}

/** The table as aligned plain text under its title, for a terminal. */
export function formatTable(table: Table): string {
  const header = table.columns.map((c) => c.title);
  const body = cellsOf(table);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const aligns = table.columns.map((c) => alignOf(c, table));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (aligns[i] === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [table.title, line(header), rule, ...body.map(line)].join('\n');
}

/** The table as a GitHub Markdown table (no title), for BENCHMARKS.md. */
export function formatMarkdownTable(table: Table): string {
  const aligns = table.columns.map((c) => alignOf(c, table));
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const header = `| ${table.columns.map((c) => escape(c.title)).join(' | ')} |`;
  const rule = `|${aligns.map((a) => (a === 'right' ? '---:' : '---')).join('|')}|`;
  const body = cellsOf(table).map((cells) => `| ${cells.map(escape).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}
