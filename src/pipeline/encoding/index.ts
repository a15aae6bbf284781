// bytes + Content-Type → text: BOM, HTTP charset, XML declaration, <meta charset>,
// the legacy CJK and single-byte encodings, and a detector as the last resort.
export { decodeBytes, type DecodeOptions, type DecodeResult } from './decode.ts';
export { normalizeEncodingLabel } from './labels.ts';
