// Rule noReferrer: `referrerpolicy="no-referrer"` on every image.
//
// Many image hosts, Chinese CDNs above all (sinaimg, qpic, cnbetacdn, hdslb …), refuse hotlinked
// images by their Referer header; without a Referer they serve them. It also keeps readers'
// mirror URLs out of third-party logs. sanitizeHtml keeps the attribute only with this value.

/** Sets the referrer policy of an image's attributes to no-referrer. */
export function setNoReferrer(attribs: Record<string, string>): void {
  attribs.referrerpolicy = 'no-referrer';
}
