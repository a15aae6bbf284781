// What the first bytes say about the encoding: a byte order mark, the zero bytes of a
// UTF-16/32 document without one, and the XML declaration's encoding="…".

export type WideEncoding = 'utf-16be' | 'utf-16le' | 'utf-32be' | 'utf-32le';

export interface Bom {
  encoding: 'utf-8' | WideEncoding;
  length: number;
}

/**
 * The byte order mark at the start, if any. UTF-32 is checked before UTF-16 because
 * FF FE 00 00 is the UTF-32LE mark (XML 1.0 Appendix F); read as UTF-16LE it would be a
 * BOM followed by U+0000, which no XML or HTML document contains.
 */
export function sniffBom(bytes: Uint8Array): Bom | null {
  const [a, b, c, d] = bytes;
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/**
 * UTF-16/32 without a BOM, told by where the zero bytes of the first (ASCII) character
 * fall: XML 1.0 Appendix F's 00 3C 00 3F ("<?" in UTF-16BE), 3C 00 3F 00, 00 00 00 3C and
 * 3C 00 00 00, generalised to any ASCII first character (a document may lack "<?xml" or
 * start with white space). A zero byte never occurs in an ASCII-compatible XML, HTML or
 * JSON document, so the pattern cannot be mistaken.
 */
export function sniffWideEncoding(bytes: Uint8Array): WideEncoding | null {
  if (bytes.length < 4) return null;
  const [a, b, c, d] = bytes as unknown as [number, number, number, number];
  if (a === 0 && b === 0 && c === 0 && d !== 0 && d < 0x80) return 'utf-32be';
  if (a !== 0 && a < 0x80 && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b !== 0 && b < 0x80) return 'utf-16be';
  if (a !== 0 && a < 0x80 && b === 0) return 'utf-16le';
  return null;
}

/** Longest XML declaration we read, in characters; real ones are under 100. */
const DECLARATION_LIMIT = 512;
const DECLARATION = /^[\t\n\r ]*<\?xml[\t\n\r ][^>]*?encoding[\t\n\r ]*=[\t\n\r ]*(?:"([^"]*)"|'([^']*)')/;

/**
 * The encoding label of the XML declaration (`<?xml version="1.0" encoding="…"?>`), read
 * from `offset` (after a BOM) in the given wide encoding or as ASCII; null when there is
 * no declaration or it names no encoding. White space before `<?xml` is tolerated: feeds
 * printed by templates often start with a newline.
 */
export function readXmlDeclarationEncoding(bytes: Uint8Array, offset = 0, wide: WideEncoding | null = null): string | null {
  const unit = wide === null ? 1 : wide.startsWith('utf-16') ? 2 : 4;
  // Index of the byte that holds an ASCII character within a code unit.
  const low = wide === 'utf-16be' ? 1 : wide === 'utf-32be' ? 3 : 0;
  let text = '';
  for (let k = 0; k < DECLARATION_LIMIT; k++) {
    const at = offset + k * unit;
    if (at + unit > bytes.length) break;
    for (let z = 0; z < unit; z++) if (z !== low && bytes[at + z] !== 0) return match(text);
    const byte = bytes[at + low]!;
    if (byte >= 0x80) break;
    text += String.fromCharCode(byte);
    if (byte === 0x3e /* > */) break;
    // Not a declaration: stop as soon as what follows the white space cannot begin "<?xml".
    const head = text.length <= 16 ? text.trimStart() : '<?xml';
    if (head.length <= 5 && !'<?xml'.startsWith(head)) return null;
  }
  return match(text);
}

function match(text: string): string | null {
  const found = DECLARATION.exec(text);
  const label = found ? (found[1] ?? found[2] ?? '').trim() : '';
  return label || null;
}
