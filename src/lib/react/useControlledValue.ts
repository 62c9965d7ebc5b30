// `value`/`defaultValue`/`onChange`: controlled when `value` is given, uncontrolled otherwise.
import { useCallback, useRef, useState } from 'react'

export function useControlledValue<T>(
  value: T | undefined,
  defaultValue: T,
  onChange?: (next: T) => void,
): [T, (next: T) => void, { readonly current: T }] {
  const [inner, setInner] = useState(defaultValue)
  const controlled = value !== undefined
  const current = controlled ? value : inner
  // Several updates can land before React re-renders (two uploads finishing in one tick): each builds on the last.
  const latest = useRef(current)
  latest.current = current
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange

  const setValue = useCallback(
    (next: T) => {
      latest.current = next
      if (!controlled) setInner(next)
      onChangeRef.current?.(next)
    },
    [controlled],
  )
  return [current, setValue, latest]
}
