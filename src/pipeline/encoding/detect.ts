// The last resort: a statistical guess when nothing declares the encoding and the bytes
// are not UTF-8. jschardet is the JavaScript port of Python's chardet.
import { createRequire } from 'node:module';
import { decodeAs } from './decoders.ts';
import { normalizeDetectorName } from './labels.ts';

type Jschardet = typeof import('jschardet');

// Loaded on first use: its language models take ~90 ms to load and most feeds never need them.
let jschardet: Jschardet | null = null;
function load(): Jschardet {
  jschardet ??= createRequire(import.meta.url)('jschardet') as Jschardet;
  return jschardet;
}

export interface Detection {
  /** Canonical name of an encoding we can decode. */
  encoding: string;
  /** The detector's confidence, 0–1. */
  confidence: number;
}

const MULTI_BYTE = new Set(['gbk', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr', 'iso-2022-jp']);

/** Non-ASCII bytes a single-byte guess needs: with fewer there are no statistics to speak of. */
const MIN_SINGLE_BYTE_EVIDENCE = 16;

/**
 * Guesses among the encodings of the modern web (UTF-8/16/32, the CJK multi-byte
 * encodings, windows-125x, KOI8, TIS-620); null when there is no answer worth taking:
 * a single-byte guess below the detector's own minimum confidence (on a short Latin text
 * it picks among windows-1250/1252/1257 at a few per cent) or made from fewer than 16
 * non-ASCII bytes (it then trusts any <meta charset> in the text, even inside an RSS
 * description), or a multi-byte guess whose
 * decoder rejects some of the bytes. A multi-byte guess that decodes cleanly is taken at
 * any confidence: its byte structure is the evidence.
 */
export function detectEncoding(bytes: Uint8Array): Detection | null {
  const { chardet } = load();
  const result = chardet.detect(bytes, { encodingEra: chardet.EncodingEra.MODERN_WEB, compatNames: false });
  if (!result.encoding) return null;
  let encoding = normalizeDetectorName(result.encoding);
  if (encoding === null || encoding === 'replacement') return null;
  // WHATWG decodes gbk with the gb18030 decoder; call it gb18030 only when the
  // four-byte sequences that GBK lacks are there.
  if (encoding === 'gb18030' && !hasGb18030FourByteSequence(bytes)) encoding = 'gbk';
  const trusted = MULTI_BYTE.has(encoding)
    ? decodeAs(encoding, bytes).invalid === 0
    : result.confidence >= chardet.MINIMUM_THRESHOLD && countNonAscii(bytes, MIN_SINGLE_BYTE_EVIDENCE) >= MIN_SINGLE_BYTE_EVIDENCE;
  return trusted ? { encoding, confidence: result.confidence } : null;
}

function hasGb18030FourByteSequence(bytes: Uint8Array): boolean {
  for (let i = 0; i + 3 < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0x81) continue;
    const second = bytes[i + 1]!;
    if (second >= 0x30 && second <= 0x39) {
      const third = bytes[i + 2]!;
      const fourth = bytes[i + 3]!;
      if (lead <= 0xfe && third >= 0x81 && third <= 0xfe && fourth >= 0x30 && fourth <= 0x39) return true;
    }
    i++; // a two-byte character: skip its trail byte
  }
  return false;
}

function countNonAscii(bytes: Uint8Array, enough: number): number {
  let count = 0;
  for (let i = 0; i < bytes.length && count < enough; i++) if (bytes[i]! >= 0x80) count++;
  return count;
}
