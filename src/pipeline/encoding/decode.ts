// Bytes + Content-Type → text: which encoding, decided once, with what was recovered from.
import { isAscii, isUtf8 } from 'node:buffer';
import { isXmlMediaType, parseContentType } from './content-type.ts';
import { decodeAs, decodeValidUtf8 } from './decoders.ts';
import { detectEncoding } from './detect.ts';
import { prescanMetaCharset } from './html-meta.ts';
import { familyOfName, normalizeEncodingLabel, unicodeFamilyOf } from './labels.ts';
import { readXmlDeclarationEncoding, sniffBom, sniffWideEncoding } from './sniff.ts';
import { decodeUtf8WithWindows1252Bytes, scanUtf8 } from './utf8.ts';

export interface DecodeOptions {
  /** The full HTTP Content-Type header value, e.g. "text/xml; charset=gbk". */
  contentType?: string | null;
  /** A user-configured encoding label that wins over everything (for feeds that lie). */
  override?: string | null;
  /** 'html' also honours <meta charset> and <meta http-equiv>; default 'xml'. */
  kind?: 'xml' | 'html';
}

export interface DecodeResult {
  /** The decoded text, byte order mark removed. */
  text: string;
  /** Canonical WHATWG name, lower case, of the encoding used; or "utf-32be"/"utf-32le". */
  encoding: string;
  /** What was recovered from; empty when the document was unambiguous and valid. */
  warnings: string[];
}

type Source = 'Content-Type charset' | 'XML declaration' | '<meta> charset';

interface Declaration {
  source: Source;
  label: string;
  /** Canonical name, null for an unknown label. */
  name: string | null;
}

function declaration(source: Source, label: string): Declaration {
  return { source, label, name: normalizeEncodingLabel(label) };
}

/**
 * Decodes a fetched document, choosing its encoding in this order (first that applies wins):
 *
 *  1. `override`, the user's label for a feed known to lie. An unknown label is ignored with a warning.
 *  2. A byte order mark (UTF-8, UTF-16BE/LE, UTF-32BE/LE). RFC 7303 §3.2: "a BOM is
 *     authoritative if it is present", over the charset parameter; WHATWG's decode does the
 *     same. A Content-Type charset or XML declaration of another kind is reported.
 *  3. UTF-16/32 without a BOM, from the zero bytes around the first ASCII characters
 *     (00 3C 00 3F …, XML 1.0 Appendix F): bytes cannot lie about that; any contradicting label is reported.
 *  4. The Content-Type charset. RFC 7303 §3.2: in the absence of a BOM the charset parameter
 *     is authoritative, over the XML declaration; for html the HTML Standard puts it before <meta> too.
 *  5. kind 'html': <meta charset> / <meta http-equiv="content-type"> in the first 64 KB (HTML §13.2.3.2).
 *  6. The XML declaration's encoding="…" (XML 1.0 §4.3.3; also read for html, as XHTML carries it).
 *  7. UTF-8, the XML default. A Content-Type without charset (text/xml included) says nothing:
 *     RFC 7303 dropped RFC 3023's us-ascii default for text/xml, which no feed ever meant.
 *
 * and recovers from the classic cases, each with a warning:
 *
 *  - An unknown or bogus label ("bogus", "utf-16" in an ASCII-readable document, a WHATWG
 *    "replacement" label such as iso-2022-kr): ignored, the next source decides.
 *  - A declared legacy encoding on bytes that are valid UTF-8 with non-ASCII characters
 *    (Apache's default "charset=iso-8859-1" on a UTF-8 feed): UTF-8. Legacy text is
 *    practically never valid UTF-8 by chance; miniflux makes the same call.
 *  - A declaration that does not fit the bytes while a later one does (Content-Type utf-8
 *    on windows-1252 bytes that the XML declaration names): the later one.
 *  - Content-Type and XML declaration naming different encodings on a non-ASCII
 *    document: the Content-Type wins (RFC 7303), and the disagreement is reported.
 *  - Invalid sequences in a declared legacy encoding: replaced with U+FFFD and counted.
 *  - Declared or default UTF-8 on bytes that are not: when the well-formed multi-byte
 *    sequences outnumber the stray bytes, it is UTF-8 with pasted windows-1252 text and
 *    each stray byte is read as windows-1252; otherwise a statistical detector (jschardet)
 *    guesses the encoding, and windows-1252 is the fallback when it cannot.
 *  - A text/* Content-Type that is not XML (text/plain, text/html) on an 'xml' document:
 *    the XML rules are applied anyway.
 *
 * iso-8859-1 and us-ascii decode as windows-1252 and gb2312 as gbk, as WHATWG says
 * (0x80 is "€", not a C1 control). The common case, UTF-8 without a BOM, costs one native
 * validity check and one native decode.
 */
export function decodeBytes(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  const kind = options.kind ?? 'xml';
  const warnings: string[] = [];
  const media = parseContentType(options.contentType);
  if (media && kind === 'xml' && media.type.startsWith('text/') && !isXmlMediaType(media.type)) {
    warnings.push(`encoding: Content-Type ${media.type} is not an XML media type; the encoding was chosen by the XML rules (RFC 7303) anyway`);
  }

  if (options.override) {
    const name = normalizeEncodingLabel(options.override);
    if (name !== null && name !== 'replacement') return decodeWithOverride(bytes, name, warnings);
    warnings.push(`encoding: the configured encoding override '${options.override}' is not a known encoding; ignored`);
  }

  const http = media?.charset ? declaration('Content-Type charset', media.charset) : null;

  const bom = sniffBom(bytes);
  if (bom) {
    const body = bytes.subarray(bom.length);
    const label = readXmlDeclarationEncoding(bytes, bom.length, bom.encoding === 'utf-8' ? null : bom.encoding);
    const declared = [http, label === null ? null : declaration('XML declaration', label)];
    reportContradictions(bom.encoding, 'its byte order mark', declared, body, warnings);
    return finish(bom.encoding, body, warnings);
  }

  const wide = sniffWideEncoding(bytes);
  if (wide) {
    const label = readXmlDeclarationEncoding(bytes, 0, wide);
    const declared = [http, label === null ? null : declaration('XML declaration', label)];
    reportContradictions(wide, 'the zero bytes of its first characters (XML 1.0 Appendix F)', declared, bytes, warnings);
    return finish(wide, bytes, warnings);
  }

  return decodeAsciiCompatible(bytes, kind, http, warnings);
}

/** Steps 4–7 and their recoveries, for documents whose first bytes read as ASCII. */
function decodeAsciiCompatible(bytes: Uint8Array, kind: 'xml' | 'html', http: Declaration | null, warnings: string[]): DecodeResult {
  // Sources in order of authority, read only when reached (the <meta> prescan walks up to 64 KB).
  const sources: Array<() => Declaration | null> = [() => http];
  if (kind === 'html') {
    sources.push(() => {
      const name = prescanMetaCharset(bytes);
      return name === null ? null : { source: '<meta> charset', label: name, name };
    });
  }
  const xmlDeclaration = () => {
    const label = readXmlDeclarationEncoding(bytes);
    return label === null ? null : declaration('XML declaration', label);
  };
  sources.push(xmlDeclaration);

  const validUtf8 = isUtf8(bytes);
  let ascii: boolean | null = null;
  const isAsciiDocument = () => (ascii ??= validUtf8 && isAscii(bytes));
  const rejected: Array<{ declared: Declaration; why: string }> = [];
  let authoritative: Declaration | null = null;
  let authoritativeInvalid = 0;

  const choose = (declared: Declaration, text: string): DecodeResult => {
    for (const { declared: other, why } of rejected) {
      warnings.push(`encoding: the ${other.source} says '${other.label}' but ${why}; used the ${declared.source} ('${declared.label}')`);
    }
    if (rejected.length === 0 && declared.source === 'Content-Type charset' && kind === 'xml' && !isAsciiDocument()) {
      const inDocument = xmlDeclaration();
      if (inDocument?.name && inDocument.name !== declared.name) {
        warnings.push(`encoding: the XML declaration says '${inDocument.label}' but the Content-Type charset '${declared.label}' takes precedence (RFC 7303 §3.2)`);
      }
    }
    return result(text, declared.name!, warnings);
  };

  for (const source of sources) {
    const declared = source();
    if (declared === null) continue;
    if (declared.name === null) {
      warnings.push(`encoding: the ${declared.source} names an unknown encoding '${declared.label}'; ignored`);
      continue;
    }
    if (declared.name === 'replacement') {
      warnings.push(`encoding: the ${declared.source} '${declared.label}' is a label WHATWG maps to its replacement decoder (the encoding is unsafe); ignored`);
      continue;
    }
    if (declared.name !== 'utf-8' && familyOfName(declared.name) !== null) {
      warnings.push(`encoding: the ${declared.source} says '${declared.label}' but the document has no byte order mark and reads as ASCII, so it is not ${declared.name}; ignored`);
      continue;
    }
    authoritative ??= declared;
    if (declared.name === 'utf-8') {
      if (validUtf8) return choose(declared, decodeValidUtf8(bytes));
      rejected.push({ declared, why: 'the bytes are not valid UTF-8' });
      continue;
    }
    if (validUtf8 && !isAsciiDocument()) {
      rejected.push({ declared, why: 'the bytes are valid UTF-8 with non-ASCII characters' });
      continue;
    }
    const decoded = decodeAs(declared.name, bytes);
    if (decoded.invalid === 0) return choose(declared, decoded.text);
    if (authoritative === declared) authoritativeInvalid = decoded.invalid;
    rejected.push({ declared, why: `the bytes hold ${invalidSequences(decoded.invalid)} for ${declared.name}` });
  }

  // No declaration fits the bytes (or there is none).
  if (validUtf8) {
    for (const { declared, why } of rejected) warnings.push(`encoding: the ${declared.source} says '${declared.label}' but ${why}; decoded as utf-8`);
    return result(decodeValidUtf8(bytes), 'utf-8', warnings);
  }
  if (authoritative !== null && authoritative.name !== 'utf-8') {
    // The authoritative declaration names a legacy encoding the bytes do not quite fit: keep it.
    warnings.push(`encoding: ${invalidSequences(authoritativeInvalid)} in ${authoritative.name} (the ${authoritative.source}) replaced with U+FFFD`);
    return result(decodeAs(authoritative.name!, bytes).text, authoritative.name!, warnings);
  }
  const premise = authoritative ? `the ${authoritative.source} says '${authoritative.label}' but` : 'nothing declares an encoding and';
  return decodeInvalidUtf8(bytes, premise, warnings);
}

/** Declared or default UTF-8 on bytes that are not valid UTF-8: repair, or guess. */
function decodeInvalidUtf8(bytes: Uint8Array, premise: string, warnings: string[]): DecodeResult {
  const scan = scanUtf8(bytes);
  if (scan.multibyte >= scan.invalid) {
    warnings.push(`encoding: ${premise} ${strayBytes(scan.invalid)} not valid UTF-8; read those as windows-1252 and the rest as UTF-8`);
    return result(decodeUtf8WithWindows1252Bytes(bytes), 'utf-8', warnings);
  }
  const guess = detectEncoding(bytes);
  if (guess?.encoding === 'utf-8') {
    warnings.push(`encoding: ${premise} ${strayBytes(scan.invalid)} not valid UTF-8; read those as windows-1252 and the rest as UTF-8`);
    return result(decodeUtf8WithWindows1252Bytes(bytes), 'utf-8', warnings);
  }
  if (guess && familyOfName(guess.encoding) === null) {
    warnings.push(`encoding: ${premise} the bytes are not UTF-8; guessed ${guess.encoding} by statistical detection (confidence ${guess.confidence.toFixed(2)})`);
    return finish(guess.encoding, bytes, warnings);
  }
  warnings.push(`encoding: ${premise} the bytes are not UTF-8, and detection gave no confident answer; decoded as windows-1252`);
  return finish('windows-1252', bytes, warnings);
}

/** Step 1: the user's override, which only borrows the BOM or zero-byte pattern to pick a UTF's byte order. */
function decodeWithOverride(bytes: Uint8Array, name: string, warnings: string[]): DecodeResult {
  const family = familyOfName(name);
  const bom = sniffBom(bytes);
  if (bom && family !== null && familyOfName(bom.encoding) === family) return finish(bom.encoding, bytes.subarray(bom.length), warnings);
  if (family === 'utf-16' || family === 'utf-32') {
    const wide = sniffWideEncoding(bytes);
    if (wide && familyOfName(wide) === family) return finish(wide, bytes, warnings);
  }
  if (bom) warnings.push(`encoding: the configured override ${name} disregards the document's ${bom.encoding} byte order mark`);
  return finish(name, bytes, warnings);
}

/** Reports labels that contradict what the bytes show (a BOM or the UTF-16/32 zero-byte pattern). */
function reportContradictions(actual: string, evidence: string, declared: Array<Declaration | null>, body: Uint8Array, warnings: string[]): void {
  const family = familyOfName(actual);
  for (const one of declared) {
    if (one === null) continue;
    const declaredFamily = unicodeFamilyOf(one.label);
    if (declaredFamily === family) continue;
    if (declaredFamily === null && one.name === null) {
      warnings.push(`encoding: the ${one.source} names an unknown encoding '${one.label}'; ignored`);
      continue;
    }
    // A UTF-8 document that is all ASCII reads the same in any ASCII-compatible encoding.
    if (family === 'utf-8' && isAscii(body)) continue;
    warnings.push(`encoding: the ${one.source} says '${one.label}' but the document is ${actual} by ${evidence}; decoded as ${actual}`);
  }
}

/** Decodes with a chosen encoding, noting invalid sequences. */
function finish(name: string, body: Uint8Array, warnings: string[]): DecodeResult {
  if (name === 'utf-8') {
    if (isUtf8(body)) return result(decodeValidUtf8(body), name, warnings);
    const { invalid } = scanUtf8(body);
    warnings.push(`encoding: ${strayBytes(invalid)} not valid UTF-8; read those as windows-1252 and the rest as UTF-8`);
    return result(decodeUtf8WithWindows1252Bytes(body), name, warnings);
  }
  const decoded = decodeAs(name, body);
  if (decoded.invalid > 0) warnings.push(`encoding: ${invalidSequences(decoded.invalid)} in ${name} replaced with U+FFFD`);
  return result(decoded.text, name, warnings);
}

const strayBytes = (n: number) => (n === 1 ? '1 byte is' : `${n} bytes are`);
const invalidSequences = (n: number) => (n === 1 ? '1 invalid byte sequence' : `${n} invalid byte sequences`);

function result(text: string, encoding: string, warnings: string[]): DecodeResult {
  // A second BOM (documents concatenated or re-saved) or a gb18030-encoded one is not text either.
  const clean = text.charCodeAt(0) === 0xfeff ? text.replace(/^\uFEFF+/, '') : text;
  return { text: clean, encoding, warnings };
}
