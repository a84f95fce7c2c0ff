// The search box in the top bar: searches every item (题名, 文号, 照片说明, Word 正文 …) as the
// clerk types; the results replace the middle list until the box is cleared (Esc). Ctrl+F focuses it.
import { useEffect, useRef, useState } from 'react';
import { app, clearSearch, showView } from '../../state/app-state';

const DELAY = 300;

export function SearchBox() {
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    const onCleared = () => setText('');
    window.addEventListener('keydown', onKey);
    window.addEventListener('tz-search-cleared', onCleared);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('tz-search-cleared', onCleared);
    };
  }, []);

  const run = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (q.trim() === '') {
      if (app.get().view?.kind === 'search') clearSearch();
      return;
    }
    showView({ kind: 'search', query: q.trim() });
  };

  return (
    <div className="search-box" role="search">
      <input
        ref={input}
        type="search"
        className="tz-input"
        aria-label="搜索材料"
        placeholder="搜索题名、文号、照片说明、正文…（Ctrl+F）"
        value={text}
        onChange={(e) => {
          const q = e.target.value;
          setText(q);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => run(q), DELAY);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') run(text);
          else if (e.key === 'Escape') {
            setText('');
            run('');
          } else if (e.key === 'ArrowDown') {
            e.preventDefault();
            document.querySelector<HTMLElement>('[data-testid="item-list"]')?.focus();
          }
        }}
        data-testid="search"
      />
    </div>
  );
}
