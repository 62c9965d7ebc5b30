// Image file extensions and MIME types, both ways: the one table (object keys take an extension, picked files a type).
const SUBTYPES: Record<string, string> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', gif: 'gif', webp: 'webp', bmp: 'bmp', heic: 'heic', heif: 'heif' }

/** The image extension (lower case) a file name or path ends with, query and fragment aside; '' for any other. */
export function imageExtension(name = ''): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name.replace(/[?#].*/, ''))?.[1].toLowerCase() ?? ''
  return SUBTYPES[ext] ? ext : ''
}

/** `image/<subtype>` for an image extension; undefined for any other. */
export function imageTypeOf(ext: string): string | undefined {
  return SUBTYPES[ext] && `image/${SUBTYPES[ext]}`
}

/** The extension for a concrete `image/<subtype>` type: `jpg` for jpeg, `svg` for svg+xml, else the subtype. */
export function extensionOfType(type = ''): string | undefined {
  const subtype = /^image\/([a-z0-9.+-]+)$/i.exec(type)?.[1].toLowerCase()
  return subtype && (subtype === 'jpeg' ? 'jpg' : subtype.replace(/\+xml$/, ''))
}
