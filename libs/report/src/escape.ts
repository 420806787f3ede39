/**
 * Every text that reaches the page goes through here: product names, file names, reason details
 * and messages come from input files, so they are data, never markup.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape for HTML/SVG text and double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  // Control characters (other than tab and newline) are invalid in XML and mean nothing to a reader.
  return String(value ?? '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
