// A zip chosen in the browser (web version): a button in the app's words and the file's name,
// instead of the browser's own control, which speaks the browser's language, not the clerk's.
import { useId } from 'react';
import './departments.css';

export function FilePick(props: { file: File | null; onPick(f: File | null): void; label: string; testId: string; id?: string }) {
  const own = useId();
  const id = props.id ?? own;
  return (
    <span className="file-pick">
      <input
        id={id}
        type="file"
        accept=".zip,application/zip"
        className="file-pick-input"
        onChange={(e) => props.onPick(e.target.files?.[0] ?? null)}
        data-testid={props.testId}
      />
      <label htmlFor={id} className="tz-btn tz-btn-default file-pick-button">
        {props.label}
      </label>
      <span className={props.file ? 'file-pick-name ellipsis' : 'file-pick-name file-pick-none'} title={props.file?.name}>
        {props.file?.name ?? '还没有选择文件'}
      </span>
    </span>
  );
}
