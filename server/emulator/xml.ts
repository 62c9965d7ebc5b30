// Minimal XML writing for COS answers.

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }[c] as string))
}

/** `<root><name>value</name>…</root>` with the COS XML declaration. */
export function xmlDocument(root: string, fields: Array<[string, string]>): string {
  const body = fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('')
  return `<?xml version='1.0' encoding='utf-8' ?>\n<${root}>${body}</${root}>`
}
