// GFM pipe tables. turndown has no table rules, and the GFM plugins keep the tables they cannot
// express as raw HTML and put `<br>` in cells; our Markdown carries no HTML. So:
//
// - every data table becomes a pipe table, whatever its cells hold; the first row is the header
//   (GFM requires one; a header row of empty cells would show as an empty bar);
// - colspan: the cell, then empty cells; rowspan: empty cells in the rows below;
// - a cell is one line: breaks become spaces (nothing between CJK characters joined by a source
//   newline), list/quote/heading markers are dropped, code blocks become code spans, `|` is escaped;
// - a table holding a table, or a single cell, is layout, not data: its cells become blocks;
// - <caption>: an italic line before the table.
import type TurndownService from 'turndown';
import { attribute, contains, elementChildren, type DomNode } from './dom.ts';
import { flattenBreaks } from './breaks.ts';
import { wrapDelimited } from './inline-rules.ts';
import { state } from './state.ts';

const MAX_SPAN = 100;
const block = (markdown: string): string => (markdown ? `\n\n${markdown}\n\n` : '');

function isLayoutTable(table: DomNode): boolean {
  const cache = state().layoutTables;
  let layout = cache.get(table);
  if (layout === undefined) {
    const cells = (table.getElementsByTagName?.('td').length ?? 0) + (table.getElementsByTagName?.('th').length ?? 0);
    layout = contains(table, 'table') || cells <= 1;
    cache.set(table, layout);
  }
  return layout;
}

function enclosingTable(node: DomNode): DomNode | null {
  for (let n = node.parentNode; n; n = n.parentNode) if (n.nodeName === 'TABLE') return n;
  return null;
}

/** Whether `node` sits in a cell of a table that becomes a GFM table (so its Markdown must fit one line). */
export function isDataTableCell(node: DomNode): boolean {
  for (let n = node.parentNode; n; n = n.parentNode) {
    if (n.nodeName === 'TD' || n.nodeName === 'TH') {
      const table = enclosingTable(n);
      return !!table && !isLayoutTable(table);
    }
  }
  return false;
}

function inLayoutTable(node: DomNode): boolean {
  const table = enclosingTable(node);
  return !table || isLayoutTable(table);
}

export const tableCellRule: TurndownService.Rule = {
  filter: ['td', 'th'],
  replacement(content: string, element: unknown) {
    const node = element as DomNode;
    if (inLayoutTable(node)) return block(content.trim());
    state().cells.set(node, content);
    return '';
  },
};

export const tablePartRule: TurndownService.Rule = {
  filter: ['tr', 'thead', 'tbody', 'tfoot'],
  replacement: (content: string, element: unknown) => (inLayoutTable(element as DomNode) ? block(content.trim()) : ''),
};

export const tableCaptionRule: TurndownService.Rule = {
  filter: ['caption'],
  replacement(content: string, element: unknown) {
    const node = element as DomNode;
    const table = enclosingTable(node);
    if (!table || isLayoutTable(table)) return block(content.trim());
    state().captions.set(table, wrapDelimited(flattenBreaks(content.trim()), '*', () => ' ', () => ' '));
    return '';
  },
};

export const tableColumnsRule: TurndownService.Rule = {
  filter: ['colgroup', 'col'],
  replacement: () => '',
};

const BLOCK_MARKS = /^[ \t]*(?:(?:>|(?:#{1,6}|[-+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*)+|^[ \t]*---[ \t]*$/gm;

function cellMarkdown(content: string): string {
  return flattenBreaks(content.replace(BLOCK_MARKS, '').trim()).trim().replace(/\|/g, '\\|');
}

function span(node: DomNode, name: string, max: number): number {
  const n = Number.parseInt(attribute(node, name), 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, max) : 1;
}

function tableRows(table: DomNode): DomNode[] {
  const head: DomNode[] = [];
  const rest: DomNode[] = [];
  for (const child of elementChildren(table)) {
    if (child.nodeName === 'TR') rest.push(child);
    else if (child.nodeName === 'THEAD') head.push(...elementChildren(child).filter((r) => r.nodeName === 'TR'));
    else if (child.nodeName === 'TBODY' || child.nodeName === 'TFOOT') {
      rest.push(...elementChildren(child).filter((r) => r.nodeName === 'TR'));
    }
  }
  return [...head, ...rest];
}

const ALIGN: Record<string, string> = { left: ':---', center: ':---:', right: '---:' };

export const tableRule: TurndownService.Rule = {
  filter: 'table',
  replacement(content: string, element: unknown) {
    const table = element as DomNode;
    if (isLayoutTable(table)) return block(content.trim());
    const cells = state().cells;
    const grid: string[][] = [];
    const aligns: string[] = [];
    const pending: number[] = []; // rows still covered by a rowspan, per column
    for (const row of tableRows(table)) {
      const out: string[] = [];
      let col = 0;
      const skipCovered = (): void => {
        while (pending[col] > 0) {
          pending[col]--;
          out[col++] = '';
        }
      };
      const rowCells = elementChildren(row).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH');
      if (rowCells.length === 0) continue;
      for (const cell of rowCells) {
        skipCovered();
        const colspan = span(cell, 'colspan', MAX_SPAN);
        const rowspan = span(cell, 'rowspan', MAX_SPAN);
        if (grid.length === 0) aligns[col] = ALIGN[attribute(cell, 'align').toLowerCase()] ?? '---';
        for (let k = 0; k < colspan; k++) {
          out[col + k] = k === 0 ? cellMarkdown(cells.get(cell) ?? '') : '';
          if (rowspan > 1) pending[col + k] = rowspan - 1;
        }
        col += colspan;
      }
      for (let c = col; c < pending.length; c++) {
        if (pending[c] > 0) {
          pending[c]--;
          out[c] = '';
        }
      }
      grid.push(out);
    }
    const width = Math.max(0, ...grid.map((r) => r.length));
    if (width === 0 || grid.every((r) => r.every((c) => !c))) return '';
    const line = (cols: string[]): string => `| ${Array.from({ length: width }, (_, i) => cols[i] ?? '').join(' | ')} |`;
    const lines = [line(grid[0]), line(Array.from({ length: width }, (_, i) => aligns[i] ?? '---')), ...grid.slice(1).map(line)];
    const caption = state().captions.get(table);
    return block([caption, lines.join('\n')].filter(Boolean).join('\n\n'));
  },
};
