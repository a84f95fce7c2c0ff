// The right column: the open item — its metadata, the indicators it is filed under, its files with
// a large preview and, for photos, the caption. On a wide screen (1280 px and up) the preview and
// the caption stand beside the form, so both are on screen at 1366×768. Fields save as the clerk
// leaves them; 保存 (and Ctrl+S) saves whatever is still being typed; the header says 已保存 only
// once the service has stored it and nothing typed is left unsent (saving.ts).
import { useCallback, useEffect, useRef, useState } from 'react';
import { RETENTION_LABELS, type Item, type StoredFile } from '../../../../shared/domain';
import { call, errorText } from '../../api/client';
import { Button, EmptyState, Loading } from '../../components';
import { openBatchCaptions } from './batch-captions';
import { app, editorFocusWanted, focusEditorField, ItemLock, openPanel, patchSummary, reloadItems, useReadOnly } from '../../state/app-state';
import { restoreItems, trashItems } from '../../state/trash';
import { CaptionForm } from './CaptionForm';
import { FileList } from './FileList';
import { FileText, hasPageText } from './FileText';
import { isCaptionedPhoto as isPhoto } from '../../../../shared/domain';
import { LinkEditor } from './LinkEditor';
import { MetaForm } from './MetaForm';
import { Preview } from './Preview';
import { edits, flushEdits, resetSaveState, saveState } from './saving';
import { itemLock, SubmissionSection } from '../review/SubmissionSection';
import { PhoneUpload } from '../accounts/PhoneUpload';

/** 返回自查: after the self-check took the clerk here, one click shows it again (where it was). */
function BackToCheck() {
  const show = app.use((s) => s.backToCheck);
  if (!show) return null;
  return (
    <Button small onClick={() => openPanel('check')} title="回到自查的问题列表" data-testid="back-to-check">
      返回自查
    </Button>
  );
}

export function ItemEditor() {
  const current = app.use((s) => s.current);
  const session = app.use((s) => s.session);
  const wantFile = app.use((s) => s.wantFile);
  const [item, setItem] = useState<Item | null>(null);
  const lock = itemLock(item, session);
  const readOnly = useReadOnly() ?? lock;
  const [error, setError] = useState<string | null>(null);
  const [fileId, setFileId] = useState<number | null>(null);
  const state = edits.use(saveState);
  const saveError = edits.use((s) => s.error);
  const selected = app.use((s) => s.selected);
  const editorBox = useRef<HTMLDivElement>(null);
  /** A file was asked for (the self-check): once shown, its preview is scrolled to the top. */
  const [reveal, setReveal] = useState(0);
  const revealed = useRef(0);

  useEffect(() => {
    let live = true;
    resetSaveState();
    if (current == null) {
      setItem(null);
      return;
    }
    setError(null);
    call('items.get', { id: current }).then(
      (it) => {
        if (!live) return;
        setItem(it);
        const first = it.files.find(isPhoto) ?? it.files[0];
        if (!takeWantedFile(it)) setFileId(first?.id ?? null);
      },
      (e) => live && (setError(errorText(e)), setItem(null)),
    );
    return () => {
      live = false;
    };
  }, [current]);

  /** Shows the file the self-check asked for, if it is one of this item's; true when it did. */
  function takeWantedFile(it: Item): boolean {
    const want = app.get().wantFile;
    if (want == null || app.get().current !== it.id || !it.files.some((f) => f.id === want)) return false;
    app.set({ wantFile: null });
    setFileId(want);
    setReveal((n) => n + 1);
    return true;
  }

  // Another file of the item already open asked for (a second problem of the same item).
  useEffect(() => {
    if (wantFile != null && item && item.id === current) takeWantedFile(item);
  }, [wantFile]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (reveal === revealed.current) return;
    const box = editorBox.current;
    const target = box?.querySelector<HTMLElement>('[data-testid="preview"]') ?? box?.querySelector<HTMLElement>('[data-testid="files"]');
    if (!box || !target) return; // not on screen yet: when the item has rendered
    revealed.current = reveal;
    // Side by side the preview has a pane of its own that scrolls; in one column the editor does.
    const pane = target.closest<HTMLElement>('.editor-side');
    const scroller = pane && getComputedStyle(pane).display !== 'contents' ? pane : box;
    scroller.scrollTop += target.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
  }, [reveal, item]);

  // Enter in the list before the item had loaded: focus its first field now.
  useEffect(() => {
    if (item && editorFocusWanted.current) focusEditorField();
  }, [item]);

  // Another door (an import, the self-check's fix) may change the open item: reload it quietly.
  useEffect(() => {
    const onChanged = () => {
      const id = app.get().current;
      if (id == null || edits.get().pending > 0) return;
      call('items.get', { id }).then((it) => app.get().current === id && setItem(it), () => {});
    };
    window.addEventListener('tz-items-changed', onChanged);
    return () => window.removeEventListener('tz-items-changed', onChanged);
  }, []);

  const saveAll = useCallback(() => flushEdits(), []);

  // Ctrl+S saves while the editor is on screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void saveAll();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [saveAll]);

  const onItemSaved = useCallback((it: Item) => {
    // Saved as the editor moved on to another item: only the list row follows.
    if (it.id !== app.get().current) {
      patchSummary(it);
      return;
    }
    setItem((old) => {
      // Links changed: the item may leave or join the list shown.
      if (old && old.indicators.join('\n') !== it.indicators.join('\n')) void reloadItems();
      return it;
    });
    // The tree's counts follow with the service's change event.
    patchSummary(it);
  }, []);
  const onFileSaved = useCallback((f: StoredFile) => {
    setItem((it) => (it ? { ...it, files: it.files.map((x) => (x.id === f.id ? f : x)) } : it));
  }, []);

  if (current == null)
    return (
      <section className="col col-editor" aria-label="材料详情">
        <div className="col-head">
          <span className="col-title">材料详情</span>
          <span className="tz-spacer" />
          <BackToCheck />
        </div>
        <EmptyState title="没有选中材料" hint="在中间的列表中点一件材料，在这里填写题名、日期、照片说明，并把它挂到指标下。" />
      </section>
    );

  const file = item?.files.find((f) => f.id === fileId) ?? null;
  const index = item && file ? item.files.indexOf(file) : -1;
  const retention = session?.archive ? RETENTION_LABELS[session.archive.campaign.retention] : '';
  const stateText = { idle: '', dirty: '未保存', saving: '正在保存…', saved: '已保存', error: '保存失败' }[state];
  const stateTitle = state === 'dirty' ? '离开输入框（或按 Ctrl+S）时保存' : (saveError ?? undefined);
  const photos = item?.files.filter(isPhoto) ?? [];

  return (
    <section className="col col-editor" aria-label="材料详情" data-testid="item-editor" data-id={current}>
      <div className="col-head">
        <span className="col-title">材料详情</span>
        <span
          className={`save-state ${state}`}
          role="status"
          data-testid="save-state"
          title={stateTitle}
        >
          {stateText}
        </span>
        <span className="tz-spacer" style={{ flex: 1 }} />
        <BackToCheck />
        {item?.deletedAt ? (
          <Button
            small
            variant="primary"
            onClick={() => void restoreItems([item.id]).then(() => setItem({ ...item, deletedAt: null }))}
            disabled={!!readOnly}
            data-testid="editor-restore"
          >
            恢复
          </Button>
        ) : (
          item && (
            <Button small variant="danger" onClick={() => void trashItems([item.id])} disabled={!!readOnly} title={readOnly ? '档案是只读的，不能删除' : '移到回收站（Delete）'} data-testid="editor-trash">
              删除
            </Button>
          )
        )}
        {readOnly ? (
          <span className="save-state" title={readOnly} data-testid="editor-read-only">
            只读，不能修改
          </span>
        ) : (
          <Button small variant="primary" onClick={() => void saveAll()} disabled={!item} data-testid="save">
            保存
          </Button>
        )}
      </div>
      {error ? (
        <EmptyState title="这件材料没有打开" hint={error} />
      ) : !item || item.id !== current ? (
        <Loading />
      ) : (
        <ItemLock.Provider value={lock}>
          <div className="editor" ref={editorBox}>
            <div className="editor-main">
              {selected.length > 1 && selected.includes(item.id) && (
                <div className="editor-sec editor-selection" data-testid="editor-selection">
                  <span>已选中 {selected.length} 件材料</span>
                  <span className="tz-spacer" />
                  <Button small onClick={() => openBatchCaptions({ items: selected })} disabled={!!readOnly} data-testid="batch-captions-selection">
                    批量填写照片说明…
                  </Button>
                </div>
              )}
              {item.deletedAt && <div className="editor-sec warn">{readOnly ? '这件材料在回收站中。' : '这件材料在回收站中。点“恢复”放回原来的指标下。'}</div>}
              <SubmissionSection item={item} />
              <div className="editor-sec sec-meta">
                <MetaForm key={item.id} item={item} onSaved={onItemSaved} defaultRetention={retention} />
              </div>
              <div className="editor-sec sec-links">
                <h3>所属指标</h3>
                <LinkEditor item={item} onSaved={onItemSaved} />
              </div>
              <div className="editor-sec sec-files">
                <h3>文件（{item.files.length}）</h3>
                <FileList item={item} currentFile={fileId} onSelect={setFileId} onSaved={onItemSaved} />
              </div>
              <PhoneUpload item={item} />
              {item.source && (
                <div className="editor-sec sec-source small muted" title={item.source}>
                  <div className="ellipsis">来源：{item.source}</div>
                </div>
              )}
            </div>
            <div className="editor-side" data-testid="editor-side">
              {file ? (
                <Preview file={file} index={index} count={item.files.length} onStep={(d) => setFileId(item.files[index + d]?.id ?? fileId)} />
              ) : (
                <div className="editor-sec sec-preview muted">这件材料没有文件。</div>
              )}
              {file && isPhoto(file) && (
                <div className="editor-sec sec-caption">
                  <h3>
                    照片说明
                    <span className="tz-spacer" />
                    {photos.length > 1 && !readOnly && (
                      <Button
                        small
                        onClick={() => openBatchCaptions({ items: [item.id], files: photos.map((f) => f.id) })}
                        title="给这件材料的多张照片一次填好地点、人物、摄影者、背景/事由和拍摄时间"
                        data-testid="batch-captions"
                      >
                        批量填写…
                      </Button>
                    )}
                  </h3>
                  <CaptionForm key={file.id} file={file} item={item} onSaved={onFileSaved} />
                </div>
              )}
              {file && hasPageText(file) && <FileText key={file.id} file={file} />}
            </div>
          </div>
        </ItemLock.Provider>
      )}
    </section>
  );
}
