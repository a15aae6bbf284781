// Bytes in a known encoding → text. Every encoding of the WHATWG Encoding Standard goes
// through @exodus/bytes' spec-exact decoders (Node 20's own TextDecoder reads
// windows-1252 0x80–0x9F as C1 controls, and it lacks x-user-defined); UTF-8 and UTF-16
// through Node's native decoder (fast, and correct for them); UTF-32, which WHATWG does
// not define, through iconv-lite.
import { isAscii, transcode } from 'node:buffer';
import { TextDecoder as WhatwgTextDecoder } from '@exodus/bytes/encoding.js';
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  /** How many U+FFFD stand for byte sequences that were invalid in the encoding. */
  invalid: number;
}

const nativeUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const decoders = new Map<string, { lenient: { decode(input: Uint8Array): string }; fatal: { decode(input: Uint8Array): string } }>();

function decodersFor(name: string) {
  let pair = decoders.get(name);
  if (!pair) {
    const native = name === 'utf-8' || name === 'utf-16le' || name === 'utf-16be';
    const make = (fatal: boolean) => (native ? new TextDecoder(name, { fatal, ignoreBOM: true }) : new WhatwgTextDecoder(name, { fatal, ignoreBOM: true }));
    pair = { lenient: make(false), fatal: make(true) };
    decoders.set(name, pair);
  }
  return pair;
}

/** Below this many bytes the native decoder's fixed cost is lower than transcoding's. */
const TRANSCODE_MIN_BYTES = 1024;

/**
 * Decodes bytes known to be valid UTF-8 (checked with isUtf8): no error accounting. Node 20's
 * UTF-8 decoding (TextDecoder and Buffer#toString alike) runs at about 200 MB/s on CJK text;
 * transcoding to UTF-16LE (SIMD in Node) and reading that back is 3–4 times as fast on
 * documents of a few KB and up. ASCII is read as latin1, byte for byte. Same text every way
 * (a BOM is kept, as with ignoreBOM); decode.test.ts compares them.
 */
export function decodeValidUtf8(bytes: Uint8Array): string {
  if (bytes.length < TRANSCODE_MIN_BYTES) return nativeUtf8.decode(bytes);
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return transcode(bytes, 'utf8', 'ucs2').toString('ucs2');
}

/**
 * Decodes `bytes` (BOM already removed) with the encoding of that canonical name and
 * counts the invalid sequences. The count is only computed when a U+FFFD shows up, and
 * then a strict decode tells a replaced sequence from a U+FFFD the document really holds.
 */
export function decodeAs(name: string, bytes: Uint8Array): Decoded {
  if (name === 'utf-32le' || name === 'utf-32be') {
    const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name === 'utf-32le' ? 'utf32le' : 'utf32be', { stripBOM: false });
    return { text, invalid: countReplacements(text) };
  }
  const { lenient, fatal } = decodersFor(name);
  const text = lenient.decode(bytes);
  if (!text.includes('\uFFFD')) return { text, invalid: 0 };
  try {
    fatal.decode(bytes);
    return { text, invalid: 0 };
  } catch {
    return { text, invalid: countReplacements(text) };
  }
}

function countReplacements(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) count++;
  return count;
}
