// The two things decoding needs from a Content-Type header: the media type and its charset.

export interface MediaType {
  /** "type/subtype", lower case; "" when the header had none. */
  type: string;
  /** The charset parameter's value with quotes removed, or null. */
  charset: string | null;
}

/**
 * Parses a Content-Type value leniently: parameters without "=" are skipped
 * ("text/xml; charset:iso-8859-1"), spaces around "=" and single or double quotes are
 * accepted ("charset = 'us-ascii'"), as servers send them. Null for an empty header.
 */
export function parseContentType(value: string | null | undefined): MediaType | null {
  if (!value || !value.trim()) return null;
  const [type = '', ...params] = value.split(';');
  let charset: string | null = null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    let raw = param.slice(eq + 1).trim();
    const quote = raw[0];
    if ((quote === '"' || quote === "'") && raw.length >= 2 && raw.endsWith(quote)) raw = raw.slice(1, -1).trim();
    if (raw) {
      charset = raw;
      break;
    }
  }
  return { type: type.trim().toLowerCase(), charset };
}

/** application/xml, text/xml, the external-entity and DTD types and every "+xml" type (RFC 7303 §4–§9). */
export function isXmlMediaType(type: string): boolean {
  const subtype = type.slice(type.indexOf('/') + 1);
  return subtype === 'xml' || subtype.endsWith('+xml') || subtype === 'xml-dtd' || subtype === 'xml-external-parsed-entity';
}
