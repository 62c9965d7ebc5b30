// Inline styles shared by the React and Vue components, themed through CSS variables so no stylesheet has to be
// shipped or imported (on mini programs a variable set on any ancestor reaches the component):
//   --cos-uploader-size (tile edge, default 80px), --cos-uploader-gap (default 8px),
//   --cos-uploader-radius (default 6px), --cos-uploader-danger (error background, default #d4380d).
const size = 'var(--cos-uploader-size, 80px)'
const gap = 'var(--cos-uploader-gap, 8px)'
const radius = 'var(--cos-uploader-radius, 6px)'
const danger = 'var(--cos-uploader-danger, #d4380d)'

/** The progress bar's colour (a host component attribute, not a style). */
export const PROGRESS_COLOR = '#1677ff'

export const styles = {
  // Margins, not flex `gap`: older iOS WebViews (and so mini-program hosts on them) lack flex gap.
  root: { display: 'flex', flexWrap: 'wrap' },
  tile: {
    position: 'relative', width: size, height: size, borderRadius: radius, overflow: 'hidden',
    background: '#f2f3f5', boxSizing: 'border-box', marginRight: gap, marginBottom: gap,
  },
  image: { width: '100%', height: '100%', display: 'block' },
  overlay: {
    position: 'absolute', left: 0, right: 0, bottom: 0, padding: '4px', boxSizing: 'border-box',
    background: 'rgba(0,0,0,0.55)', color: '#fff', fontSize: '11px', lineHeight: '14px',
  },
  error: { color: '#fff', background: danger, display: 'block', wordBreak: 'break-word' },
  action: { display: 'inline-block', marginTop: '2px', marginRight: '6px', textDecoration: 'underline' },
  remove: {
    position: 'absolute', top: 0, right: 0, width: '20px', height: '20px', lineHeight: '20px', textAlign: 'center',
    background: 'rgba(0,0,0,0.6)', color: '#fff', fontSize: '14px', borderBottomLeftRadius: radius,
  },
  add: {
    width: size, height: size, borderRadius: radius, border: '1px dashed #c9cdd4', boxSizing: 'border-box',
    marginRight: gap, marginBottom: gap,
    display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#86909c', fontSize: '28px',
  },
  disabled: { opacity: 0.5 },
  notice: { width: '100%', fontSize: '12px', color: danger },
  /** What the host can't do: not an error. */
  hint: { width: '100%', fontSize: '12px', color: '#86909c' },
} as const
