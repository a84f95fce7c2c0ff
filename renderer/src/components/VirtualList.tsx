import { forwardRef, useCallback, useEffect, useImperativeHandle, useState, type HTMLAttributes, type ReactNode } from 'react';
import { useSize } from './useSize';

export interface VirtualListHandle {
  /** Scrolls just enough to show row `index`. */
  scrollToIndex(index: number): void;
  /** The scrolling element (to focus it). */
  element(): HTMLDivElement | null;
}

/**
 * A list of `count` rows of fixed `rowHeight` px that renders only the visible ones (10,000 rows stay
 * smooth). `renderRow(i)` returns the row content (it is placed in an absolutely positioned wrapper
 * of that height); other props (role, aria-*, onKeyDown, tabIndex …) go on the scrolling element.
 */
export const VirtualList = forwardRef<
  VirtualListHandle,
  Omit<HTMLAttributes<HTMLDivElement>, 'children'> & {
    count: number;
    rowHeight: number;
    renderRow(index: number): ReactNode;
    /** Rows rendered beyond the visible ones, above and below. */
    overscan?: number;
    /** Rendered instead of the rows when count is 0. */
    empty?: ReactNode;
  }
>(function VirtualList({ count, rowHeight, renderRow, overscan = 6, empty, className, ...rest }, ref) {
  const [el, size] = useSize<HTMLDivElement>({ width: 0, height: 600 });
  const height = size.height || 600;
  const [scrollTop, setScrollTop] = useState(0);

  // When the list shrinks (a new indicator), keep the scroll position inside it.
  useEffect(() => {
    const node = el.current;
    if (node && scrollTop > Math.max(0, count * rowHeight - height)) {
      node.scrollTop = Math.max(0, count * rowHeight - height);
      setScrollTop(node.scrollTop);
    }
  }, [count, rowHeight, height, scrollTop, el]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const node = el.current;
      if (!node || index < 0) return;
      const top = index * rowHeight;
      if (top < node.scrollTop) node.scrollTop = top;
      else if (top + rowHeight > node.scrollTop + node.clientHeight) node.scrollTop = top + rowHeight - node.clientHeight;
    },
    [rowHeight, el],
  );
  useImperativeHandle(ref, () => ({ scrollToIndex, element: () => el.current }), [scrollToIndex, el]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} className="tz-vrow" style={{ position: 'absolute', top: i * rowHeight, left: 0, right: 0, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div
      ref={el}
      className={`tz-vlist ${className ?? ''}`}
      style={{ overflowY: 'auto', overflowX: 'hidden', position: 'relative' }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      {...rest}
    >
      {count === 0 && empty ? empty : <div style={{ height: count * rowHeight, position: 'relative' }}>{rows}</div>}
    </div>
  );
});
