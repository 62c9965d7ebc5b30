// What the component is built of: Taro's View, Text, Progress and Image, or on H5 the browser's own elements. Taro
// H5's are Stencil web components: each is attached, and rendered again whenever React hands it props or its image
// loads, in tasks of its own on the main thread, which twenty or a hundred tiles pay for while their uploads wait for
// it. The literal `process.env.TARO_ENV`, which the app's build replaces, keeps mini-program builds on Taro's alone.
import { Image, Progress, Text, View } from '@tarojs/components'
import type { CSSProperties, ReactNode } from 'react'
import { styles } from '../ui/styles'

interface ElementProps {
  className?: string
  style?: CSSProperties
  role?: string
  'aria-label'?: string
  'aria-disabled'?: boolean
  /** A tap; `stopPropagation` works on Taro's event and on the browser's alike. */
  onClick?: (event: { stopPropagation(): void }) => void
  children?: ReactNode
}

/** A block: View (taro-view-core is `display: block`, as a div is). */
export function Box(props: ElementProps) {
  if (process.env.TARO_ENV === 'h5') return <div {...props} />
  return <View {...props} />
}

/** Inline text: Text (taro-text-core is inline and not selectable). */
export function Label(props: ElementProps) {
  if (process.env.TARO_ENV === 'h5') return <span {...props} style={{ userSelect: 'none', ...props.style }} />
  return <Text {...props} />
}

/** A progress bar as Taro's Progress draws it (a flex row, its bar `strokeWidth` high on #ebebeb), 0–100. */
export function Bar({ className, percent, strokeWidth, activeColor }: { className: string; percent: number; strokeWidth: number; activeColor: string }) {
  // `percent` comes from the engine, which already keeps it within 0–100.
  if (process.env.TARO_ENV === 'h5') {
    return (
      <div className={className} role='progressbar' aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} style={{ display: 'flex', alignItems: 'center' }}>
        <div style={{ flex: 1, height: `${strokeWidth}px`, backgroundColor: '#ebebeb' }}>
          <div style={{ width: `${percent}%`, height: '100%', backgroundColor: activeColor }} />
        </div>
      </div>
    )
  }
  return <Progress className={className} percent={percent} strokeWidth={strokeWidth} activeColor={activeColor} />
}

/** A tile's picture, cropped to fill it. */
export function Picture({ src, onClick }: { src?: string; onClick?: () => void }) {
  if (process.env.TARO_ENV === 'h5') return <img className='cos-uploader__image' src={src} alt='' style={{ ...styles.image, objectFit: 'cover' }} onClick={onClick} />
  return <Image className='cos-uploader__image' src={src ?? ''} mode='aspectFill' style={styles.image} onClick={onClick} />
}
