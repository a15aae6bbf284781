// Telling "UTF-8 with a few bad bytes" from "not UTF-8 at all", and reading the former.
import { decodeAs, decodeValidUtf8 } from './decoders.ts';

/**
 * Length of the well-formed UTF-8 sequence at `i` (Unicode 15 Table 3-7: no overlongs,
 * no surrogates, nothing above U+10FFFF), or 0 when none starts there.
 */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  if (lead < 0x80) return 1;
  if (lead < 0xc2 || lead > 0xf4) return 0;
  const length = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
  if (i + length > bytes.length) return 0;
  const second = bytes[i + 1]!;
  const min = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  const max = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  if (second < min || second > max) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k]!;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

export interface Utf8Scan {
  /** Well-formed sequences of two to four bytes. */
  multibyte: number;
  /** Bytes that start no well-formed sequence. */
  invalid: number;
}

/** Counts well-formed multi-byte sequences and stray bytes. Only run on bytes isUtf8 rejected. */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let multibyte = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      invalid++;
      i++;
    } else {
      multibyte++;
      i += length;
    }
  }
  return { multibyte, invalid };
}

/**
 * Decodes UTF-8 in which some bytes are not UTF-8, reading each such byte as
 * windows-1252: the usual cause is a UTF-8 page with text pasted from a windows-1252
 * source, and this keeps both parts readable where U+FFFD would lose the latter.
 */
export function decodeUtf8WithWindows1252Bytes(bytes: Uint8Array): string {
  let text = '';
  let runStart = 0;
  for (let i = 0; i < bytes.length; ) {
    const length = bytes[i]! < 0x80 ? 1 : sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    let stray = i + 1;
    while (stray < bytes.length && bytes[stray]! >= 0x80 && sequenceLength(bytes, stray) === 0) stray++;
    text += decodeValidUtf8(bytes.subarray(runStart, i)) + decodeAs('windows-1252', bytes.subarray(i, stray)).text;
    runStart = i = stray;
  }
  return text + decodeValidUtf8(bytes.subarray(runStart));
}
