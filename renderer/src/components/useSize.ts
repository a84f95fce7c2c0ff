import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** The client width and height of an element (put `ref` on it), followed as the window resizes. */
export function useSize<T extends HTMLElement>(initial = { width: 0, height: 0 }): [RefObject<T | null>, { width: number; height: number }] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState(initial);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => setSize((s) => (s.width === el.clientWidth && s.height === el.clientHeight ? s : { width: el.clientWidth, height: el.clientHeight }));
    read();
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}
