/** A quiet "正在加载…" line for areas waiting on the service; `text` replaces the words. */
export function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <div className="tz-loading" role="status">
      {text}
    </div>
  );
}
