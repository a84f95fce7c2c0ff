// 导入材料: choose files or a folder (web mode: file inputs, uploaded; desktop: the system dialog).
import { useRef, useState } from 'react';
import { call, isDesktop } from '../../api/client';
import { Button } from '../../components';
import { failed } from '../../state/app-state';
import { importFiles, importPaths, imports } from '../../state/imports';
import { fromInput } from './drop';

/** The 导入材料 button with its small menu (文件… / 文件夹…); imports under `indicator` when given. */
export function ImportButton({ indicator, primary }: { indicator?: string; primary?: boolean }) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const busy = imports.use((s) => s.job != null || s.uploading != null);

  const pickDesktop = async () => {
    try {
      const paths = await call('desktop.pickFiles', { purpose: 'evidence' });
      if (paths.length) await importPaths(paths, indicator);
    } catch (e) {
      failed(e);
    }
  };

  const onChosen = (list: FileList | null) => {
    setOpen(false);
    if (!list || list.length === 0) return;
    const d = fromInput(list);
    void importFiles(d.files, d.relativePaths, indicator);
  };

  if (isDesktop) {
    return (
      <Button variant={primary ? 'primary' : 'default'} onClick={() => void pickDesktop()} disabled={busy} data-testid="import-button">
        导入材料
      </Button>
    );
  }
  return (
    <span style={{ position: 'relative', display: 'inline-block' }} onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setOpen(false)}>
      <Button
        variant={primary ? 'primary' : 'default'}
        onClick={() => setOpen((o) => !o)}
        disabled={busy}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="import-button"
      >
        导入材料 ▾
      </Button>
      {open && (
        <ul className="picker-list" role="menu" style={{ left: 'auto', right: 0, width: 150 }}>
          <li role="menuitem" tabIndex={0} onClick={() => files.current?.click()} onKeyDown={(e) => e.key === 'Enter' && files.current?.click()}>
            选择文件…
          </li>
          <li role="menuitem" tabIndex={0} onClick={() => folder.current?.click()} onKeyDown={(e) => e.key === 'Enter' && folder.current?.click()}>
            选择文件夹…
          </li>
        </ul>
      )}
      <input ref={files} type="file" multiple hidden data-testid="import-files-input" onChange={(e) => { onChosen(e.target.files); e.target.value = ''; }} />
      <input
        ref={folder}
        type="file"
        multiple
        hidden
        data-testid="import-folder-input"
        {...({ webkitdirectory: '' } as Record<string, string>)}
        onChange={(e) => { onChosen(e.target.files); e.target.value = ''; }}
      />
    </span>
  );
}
