// 导入材料: choose files or a folder (web mode: file inputs, uploaded; desktop: the system dialog).
// Under an indicator the menu says where things go: 导入到「1.2 …」 files everything under it;
// 按文件夹名自动归类 takes the whole folder of evidence and lets the folder names decide.
import { useRef, useState, type ReactNode } from 'react';
import { call, isDesktop } from '../../api/client';
import { Button } from '../../components';
import { app, failed, nodeByCode, useReadOnly } from '../../state/app-state';
import { importFiles, importPaths, imports } from '../../state/imports';
import { fromInput } from './drop';

function MenuItem(props: { onPick(): void; testId: string; hint?: string; children: ReactNode }) {
  return (
    <li
      role="menuitem"
      tabIndex={0}
      title={props.hint}
      onClick={props.onPick}
      onKeyDown={(e) => e.key === 'Enter' && props.onPick()}
      data-testid={props.testId}
    >
      {props.children}
    </li>
  );
}

/** The 导入材料 button with its menu; `indicator`: the indicator whose list it is in. */
export function ImportButton({ indicator, primary }: { indicator?: string; primary?: boolean }) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  /** Where the files being chosen go: under this indicator, or by folder names (undefined). */
  const target = useRef<string | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const busy = imports.use((s) => s.jobId != null || s.uploading != null);
  const readOnly = useReadOnly();
  const node = app.use((s) => (indicator ? nodeByCode(s.tree, indicator) : undefined));
  /** "1.2 召开工作推进会", or the code when the tree does not have it (yet). */
  const name = node ? `${node.code} ${node.title}` : (indicator ?? '');

  /** Asks for files or a folder: the system's picker on the desktop (real paths), an upload input in a browser. */
  const choose = (what: 'files' | 'folder', to: string | undefined) => {
    setOpen(false);
    if (!isDesktop) {
      target.current = to;
      (what === 'files' ? files.current : folder.current)?.click();
      return;
    }
    void (async () => {
      try {
        const paths =
          what === 'files'
            ? await call('desktop.pickFiles', { purpose: 'evidence' })
            : [await call('desktop.pickFolder', { purpose: 'evidence' })].filter((p): p is string => p != null);
        if (paths.length) await importPaths(paths, to);
      } catch (e) {
        failed(e);
      }
    })();
  };

  const onChosen = (list: FileList | null) => {
    setOpen(false);
    if (!list || list.length === 0) return;
    const d = fromInput(list);
    void importFiles(d.files, d.relativePaths, target.current);
  };

  return (
    <span
      className="import-menu-anchor"
      onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setOpen(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <Button
        variant={primary ? 'primary' : 'default'}
        onClick={() => setOpen((o) => !o)}
        disabled={busy || !!readOnly}
        title={readOnly ? '档案是只读的，不能导入材料' : undefined}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="import-button"
      >
        导入材料 ▾
      </Button>
      {open && !readOnly && (
        <ul className="picker-list import-menu" role="menu" aria-label="导入材料" data-testid="import-menu">
          {indicator && (
            <>
              <li role="presentation" className="import-menu-head" title={`导入到「${name}」`} data-testid="import-menu-here">
                导入到「{name}」
              </li>
              <MenuItem onPick={() => choose('files', indicator)} testId="import-here-files" hint="选中的文件作为一件材料，归到这个指标下">
                选择文件…
              </MenuItem>
              <MenuItem onPick={() => choose('folder', indicator)} testId="import-here-folder" hint="文件夹里的每个子文件夹算一件材料，都归到这个指标下">
                选择文件夹…
              </MenuItem>
            </>
          )}
          <li role="presentation" className="import-menu-head" data-testid="import-menu-auto">
            按文件夹名自动归类
          </li>
          <MenuItem
            onPick={() => choose('folder', undefined)}
            testId="import-auto-folder"
            hint="选整个材料文件夹：按各级文件夹名对应到指标，对不上的放在“未归类”中"
          >
            选择整个材料文件夹…
          </MenuItem>
          {!indicator && (
            <MenuItem onPick={() => choose('files', undefined)} testId="import-auto-files" hint="对不上指标的文件放在“未归类”中">
              选择文件…
            </MenuItem>
          )}
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
