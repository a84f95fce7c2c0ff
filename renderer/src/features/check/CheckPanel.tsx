// 自查: the self-check as a drawer over the middle and right columns. A summary line, then the
// problems grouped by kind; each problem takes the clerk to its item or indicator. The check runs
// again by itself when the archive changes (an edit, a finished import).
import { useCallback, useEffect, useRef, useState } from 'react';
import { PROBLEM_KINDS, PROBLEM_LABELS, type CheckReport, type Problem, type ProblemKind, type ReusedCopy } from '../../../../shared/check-types';
import type { StoredFile } from '../../../../shared/domain';
import { bridge, call, errorText } from '../../api/client';
import { Button, Dialog, IconButton, toast } from '../../components';
import { sizeText } from '../../format';
import { readOnlyText, useReadOnly } from '../../state/app-state';
import { onArchiveChanged, RELOAD_DELAY } from '../../state/changes';
import './check.css';

/** Kinds that mean an inspector would mark the indicator down; the rest are reminders. */
const SERIOUS = new Set<ProblemKind>(['no_evidence', 'below_target', 'outside_window', 'unreadable', 'removed_indicator', 'unusable_item', 'reused_photo']);

/** A long group shows this many problems until the clerk asks for all. */
const FIRST = 100;

/** Where a problem leads: its item (and the one file of it), or its indicator. */
export interface GotoTarget {
  item?: number;
  file?: number;
  indicator?: string;
}

/** The panel opens again where the clerk left it: scrolled the same, the problem gone to marked. */
const memory = { scrollTop: 0, visited: null as string | null };

function problemKey(p: Problem): string {
  return `${p.kind}:${p.item ?? ''}:${p.file ?? ''}:${p.indicator ?? ''}`;
}

function time(d: Date): string {
  return d.toLocaleTimeString('zh-CN', { hour12: false });
}

/** "2000×1500 像素 · 1.2 MB": what tells copies of one photo apart. */
function fileFacts(f: StoredFile): string {
  return [f.width && f.height ? `${f.width}×${f.height} 像素` : '', sizeText(f.size)].filter(Boolean).join(' · ');
}

/** The copies of a photo used in several items: each opens its item, or is the one to keep. */
function ReusedCopies(props: { problem: Problem; onGoto(p: Problem): void; onKeep(copy: ReusedCopy): void }) {
  const readOnly = useReadOnly();
  // Each copy's thumbnail and size, to tell the camera original from a smaller copy before choosing.
  const [files, setFiles] = useState<Map<number, StoredFile>>(() => new Map());
  const copies = props.problem.copies!;
  const itemIds = [...new Set(copies.map((c) => c.item))].join(',');
  useEffect(() => {
    let live = true;
    void Promise.all(itemIds.split(',').map((id) => call('items.get', { id: Number(id) }).catch(() => null))).then((items) => {
      if (live) setFiles(new Map(items.flatMap((it) => it?.files ?? []).map((f) => [f.id, f])));
    });
    return () => {
      live = false;
    };
  }, [itemIds]);
  return (
    <ul className="check-copies" data-testid="check-copies">
      {props.problem.copies!.map((c) => (
        <li key={c.file} className="check-copy" data-testid="check-copy" data-item={c.item} data-file={c.file}>
          <button
            type="button"
            className="check-copy-label"
            onClick={() => props.onGoto({ ...props.problem, item: c.item, file: c.file, indicator: null })}
            title="打开这件材料的这张照片"
          >
            <span className="check-copy-thumb" aria-hidden="true">
              {files.get(c.file)?.thumbPath ? <img src={bridge.fileUrl(files.get(c.file)!.thumbPath!)} alt="" draggable={false} /> : null}
            </span>
            <span className="check-copy-text">
              <span className="ellipsis">{c.label}</span>
              <span className="check-copy-meta">
                {[files.get(c.file) ? fileFacts(files.get(c.file)!) : '', c.camera ? '有拍摄时间' : '无拍摄时间（可能是转发的副本）'].filter(Boolean).join(' · ')}
                {c.original && (
                  <span className="check-copy-original" data-testid="check-copy-original">
                    原图
                  </span>
                )}
                {c.alone && <span className="warn">　该件只有这一个文件</span>}
              </span>
            </span>
          </button>
          <Button
            small
            onClick={() => props.onKeep(c)}
            disabled={!!readOnly}
            title={readOnly ? '档案是只读的，不能修改' : '这张照片只留在这件材料中，从其他材料中移除'}
            data-testid="check-keep-only"
          >
            只保留在这里
          </Button>
        </li>
      ))}
    </ul>
  );
}

function ProblemGroup(props: { kind: ProblemKind; problems: Problem[]; onGoto(p: Problem): void; onKeep(p: Problem, copy: ReusedCopy): void }) {
  const [all, setAll] = useState(false);
  const shown = all ? props.problems : props.problems.slice(0, FIRST);
  return (
    <details className={`check-group ${SERIOUS.has(props.kind) ? 'check-serious' : 'check-reminder'}`} open data-testid={`check-group-${props.kind}`}>
      <summary>
        <span className="check-group-label">{PROBLEM_LABELS[props.kind]}</span>
        <span className="check-count" aria-label={`${props.problems.length} 条`}>
          {props.problems.length}
        </span>
      </summary>
      <ul className="check-problems">
        {shown.map((p, i) => (
          <li key={i}>
            <button
              type="button"
              className={`check-problem ${memory.visited === problemKey(p) ? 'check-visited' : ''}`}
              onClick={() => props.onGoto(p)}
              disabled={p.item == null && p.indicator == null}
              data-testid="check-problem"
              data-kind={p.kind}
              data-item={p.item ?? undefined}
              data-file={p.file ?? undefined}
              data-indicator={p.indicator ?? undefined}
              title={p.file != null ? '打开这件材料的这个文件' : p.item != null ? '打开这件材料' : p.indicator != null ? '转到这个指标' : undefined}
            >
              {p.message}
            </button>
            {p.copies && p.copies.length > 0 && <ReusedCopies problem={p} onGoto={props.onGoto} onKeep={(c) => props.onKeep(p, c)} />}
          </li>
        ))}
      </ul>
      {!all && props.problems.length > FIRST && (
        <Button variant="link" small className="check-more" onClick={() => setAll(true)}>
          显示全部 {props.problems.length} 条
        </Button>
      )}
    </details>
  );
}

export function CheckPanel(props: { onGoto(target: GotoTarget): void; onClose(): void }) {
  const [report, setReport] = useState<CheckReport | null>(null);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Runs overlap when the archive changes during a check; only the latest one's answer counts.
  const runId = useRef(0);
  const body = useRef<HTMLDivElement>(null);
  const restored = useRef(false);

  /** fresh: the clerk asked (or the panel opened); after a change the server's kept report is current. */
  const run = useCallback(async (fresh: boolean) => {
    const id = ++runId.current;
    setRunning(true);
    try {
      const r = await call('check.run', { fresh });
      if (id !== runId.current) return;
      setReport(r);
      setCheckedAt(new Date());
      setError(null);
    } catch (e) {
      if (id === runId.current) setError(errorText(e));
    } finally {
      if (id === runId.current) setRunning(false);
    }
  }, []);

  useEffect(() => {
    void run(true);
    // Once after a burst of changes (an import sends many, and one at its end).
    const stop = onArchiveChanged(() => void run(false), RELOAD_DELAY);
    return () => {
      stop();
      runId.current++;
    };
  }, [run]);

  // Closed on purpose (× or Esc): the next time it starts from the top.
  const { onClose } = props;
  const close = useCallback(() => {
    memory.scrollTop = 0;
    memory.visited = null;
    onClose();
  }, [onClose]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  // The first report back: scroll to where the clerk was when they left the panel.
  useEffect(() => {
    if (!report || restored.current || !body.current) return;
    restored.current = true;
    body.current.scrollTop = memory.scrollTop;
  }, [report]);

  // 只保留在这里: asked once more, then the other copies leave their items and the check runs again.
  const [keeping, setKeeping] = useState<{ problem: Problem; copy: ReusedCopy } | null>(null);
  const [keepBusy, setKeepBusy] = useState(false);
  const [keepError, setKeepError] = useState<string | null>(null);
  const readOnly = useReadOnly();
  const askKeep = (problem: Problem, copy: ReusedCopy) => {
    if (readOnly) {
      toast(readOnlyText(readOnly), { kind: 'info' });
      return;
    }
    setKeepError(null);
    setKeeping({ problem, copy });
  };
  const keep = async () => {
    if (!keeping) return;
    setKeepBusy(true);
    try {
      const r = await call('files.keepOnly', { fileId: keeping.copy.file });
      setKeeping(null);
      toast(r.message, { kind: 'success' });
      void run(true);
    } catch (e) {
      setKeepError(errorText(e));
    } finally {
      setKeepBusy(false);
    }
  };

  const goto = (p: Problem) => {
    memory.scrollTop = body.current?.scrollTop ?? 0;
    memory.visited = problemKey(p);
    if (p.item != null) props.onGoto({ item: p.item, file: p.file ?? undefined });
    else if (p.indicator != null) props.onGoto({ indicator: p.indicator });
  };

  const groups = report
    ? PROBLEM_KINDS.map((kind) => ({ kind, problems: report.problems.filter((p) => p.kind === kind) })).filter((g) => g.problems.length)
    : [];
  const s = report?.summary;

  return (
    <aside className="check-panel" role="dialog" aria-modal="false" aria-labelledby="check-title" data-testid="check-panel">
      <header className="check-head">
        <h2 id="check-title">自查</h2>
        {checkedAt && <span className="check-time">{running ? '正在检查…' : `${time(checkedAt)} 检查`}</span>}
        <span className="check-spacer" />
        <Button onClick={() => void run(true)} disabled={running} data-testid="check-rerun">
          {running ? '正在检查…' : '重新检查'}
        </Button>
        <IconButton icon="×" label="关闭自查" className="check-close" onClick={close} data-testid="check-close" />
      </header>

      {error && (
        <p className="tz-alert-error" role="alert" data-testid="check-error">
          {error}
        </p>
      )}

      {s && (
        <div className="check-summary" data-testid="check-summary">
          <p>
            指标 <b>{s.indicators}</b> 项：已达标 <b className="check-met">{s.met}</b>，待核对 <b className="check-unverified">{s.unverified}</b>，未达标 <b className="check-below">{s.below}</b>，缺材料{' '}
            <b className="check-missing">{s.missing}</b>；问题 <b>{s.problems}</b> 条
          </p>
          {s.indicators > 0 && (
            <div className="check-bar" aria-hidden="true">
              <span className="check-bar-met" style={{ flexGrow: s.met }} />
              <span className="check-bar-unverified" style={{ flexGrow: s.unverified }} />
              <span className="check-bar-below" style={{ flexGrow: s.below }} />
              <span className="check-bar-missing" style={{ flexGrow: s.missing }} />
            </div>
          )}
          <p className="check-sub">共 {s.items} 件材料。点一条问题可以转到对应的材料或指标。</p>
        </div>
      )}

      <div className="check-body" ref={body}>
        {!report && !error && <p className="check-empty">正在检查…</p>}
        {report && groups.length === 0 && (
          <p className="check-empty check-ok" data-testid="check-none">
            没有发现问题。
          </p>
        )}
        {groups.length > 0 && (
          <nav className="check-index" aria-label="问题分类">
            {groups.map((g) => (
              <a
                key={g.kind}
                href={`#check-${g.kind}`}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(`check-${g.kind}`)?.scrollIntoView({ block: 'start' });
                }}
              >
                {PROBLEM_LABELS[g.kind]} <span>{g.problems.length}</span>
              </a>
            ))}
          </nav>
        )}
        {groups.map((g) => (
          <div key={g.kind} id={`check-${g.kind}`}>
            <ProblemGroup kind={g.kind} problems={g.problems} onGoto={goto} onKeep={askKeep} />
          </div>
        ))}
      </div>
      {keeping && (
        <Dialog
          title="只保留在这件材料中？"
          onClose={() => !keepBusy && setKeeping(null)}
          testId="keep-only-dialog"
          footer={
            <>
              <Button onClick={() => setKeeping(null)} disabled={keepBusy}>
                取消
              </Button>
              <Button variant="primary" onClick={() => void keep()} disabled={keepBusy} data-testid="keep-only-confirm">
                {keepBusy ? '正在处理…' : '只保留在这里'}
              </Button>
            </>
          }
        >
          <div className="check-keep">
            <p>保留：{keeping.copy.label}</p>
            {(() => {
              const others = keeping.problem.copies!.filter((c) => c.file !== keeping.copy.file);
              return (
                <>
                  <p>从下面 {others.length} 处移除：</p>
                  <ul>
                    {others.map((c) => (
                      <li key={c.file}>{c.label}</li>
                    ))}
                  </ul>
                  {others.some((c) => c.alone) && (
                    <p className="tz-alert-error" data-testid="keep-only-emptied">
                      {others
                        .filter((c) => c.alone)
                        .map((c) => c.label.replace(/中的“[^”]*”$/, ''))
                        .join('、')}
                      只有这一张照片，移除后将没有文件、不再计入；其中填写的参与人数等请改填到保留照片的材料上。
                    </p>
                  )}
                  {!keeping.copy.original && <p className="muted small">提示：要保留的不是原图（像素最多、有拍摄时间的那张），请确认。</p>}
                </>
              );
            })()}
            <p className="muted small">照片的原件仍保存在档案中，移除记录在修改记录里。</p>
            {keepError && (
              <p className="tz-alert-error" role="alert" data-testid="keep-only-error">
                {keepError}
              </p>
            )}
          </div>
        </Dialog>
      )}
    </aside>
  );
}
