// The application frame: the welcome page while no archive is open, else the top bar (campaign,
// search, 自查 / 统计 / 审核 / 导出, 文字识别, 任务记录, 设置, on the LAN the signed-in account) over
// three columns — indicators, items, the item editor — and the panels and dialogs opened from it.
// The list and the item open come back after F5.
import { useEffect, useState } from 'react';
import type { SessionState } from '../../shared/api';
import { call, bridge, errorText } from './api/client';
import { Button, EmptyState, Loading, ToastArea } from './components';
import { CheckPanel, type GotoTarget } from './features/check/CheckPanel';
import { Dashboard } from './features/dashboard/Dashboard';
import { BatchCaptionHost } from './features/editor/BatchCaptions';
import { ItemEditor } from './features/editor/ItemEditor';
import { ExportDialog } from './features/export/ExportDialog';
import { ExportRunning } from './features/export/ExportRunning';
import { IndicatorImport } from './features/indicators/IndicatorImport';
import { IndicatorTree } from './features/indicators/IndicatorTree';
import { ReadingStatus } from './features/reading/ReadingStatus';
import { ItemList } from './features/items/ItemList';
import { SearchBox } from './features/search/SearchBox';
import { CampaignSettings } from './features/settings/CampaignSettings';
import { TaskButton, TaskPanel } from './features/tasks/TaskPanel';
import { DepartmentsPanel } from './features/departments/DepartmentsPanel';
import { FILLING_BAR, FillingBanner, ReturnButton, useLiveFilling } from './features/filling/FillingBanner';
import { RestoreReport } from './features/welcome/RestoreOffer';
import { Welcome } from './features/welcome/Welcome';
import { AccountBar } from './features/accounts/AccountBar';
import { AccountsPanel } from './features/accounts/AccountsPanel';
import { useAbilities } from './features/accounts/abilities';
import { AuditPanel } from './features/audit/AuditPanel';
import { ReviewButton } from './features/review/ReviewQueue';
import { app, openItem, openPanel, readOnlyText, REVIEWER_READ_ONLY, reloadItems, reloadTree, showView, startSession, useReadOnly, type View } from './state/app-state';
import { onArchiveChanged, RELOAD_DELAY } from './state/changes';
import { watchExports } from './state/exports';
import { watchImports } from './state/imports';
import { taskPanel, watchJobs } from './state/jobs';
import { watchReading } from './state/reading';
import { undoTrash, trashItems } from './state/trash';

export function App() {
  const session = app.use((s) => s.session);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call('session.state', {}).then(
      (s) => app.set({ session: s }),
      (e) => setError(errorText(e)),
    );
  }, []);

  let body;
  if (!session)
    body = error ? (
      <div className="center-screen">
        <EmptyState title="没有连上本机服务" hint={error} action={<Button onClick={() => location.reload()}>重新连接</Button>} />
      </div>
    ) : (
      <div className="center-screen">
        <Loading />
      </div>
    );
  else if (!session.archive) body = <Welcome state={session} onOpened={opened} />;
  else body = <Workspace session={session} />;

  return (
    <>
      {body}
      <ToastArea />
    </>
  );
}

/** A new session (an archive opened, created or closed): start from a clean screen. */
function opened(s: SessionState): void {
  startSession(s);
  if (s.archive) void reloadTree();
}

/** The first list to show: the first indicator that has its own items, else the first leaf, else 未归类. */
function firstView(): View {
  const tree = app.get().tree;
  if (!tree || tree.nodes.length === 0) return { kind: 'inbox' };
  const parents = new Set(tree.nodes.map((n) => n.parentId));
  const n = tree.nodes.find((x) => x.ownItems > 0) ?? tree.nodes.find((x) => !parents.has(x.id)) ?? tree.nodes[0];
  return { kind: 'indicator', code: n.code };
}

const VIEW_KEY = 'taizhang-view:';

function rememberedView(dir: string): View | null {
  try {
    const v = JSON.parse(localStorage.getItem(VIEW_KEY + dir) ?? 'null') as View | null;
    if (v?.kind === 'review') return typeof v.review === 'string' && typeof v.department === 'string' ? v : null;
    return v && (v.kind === 'indicator' ? typeof v.code === 'string' : v.kind === 'inbox' || v.kind === 'trash') ? v : null;
  } catch {
    return null;
  }
}

function rememberView(dir: string, v: View): void {
  try {
    localStorage.setItem(VIEW_KEY + dir, JSON.stringify(v));
  } catch {
    /* private mode: nothing remembered */
  }
}

const ITEM_KEY = 'taizhang-item:';

/** The item open before a reload (F5) in this tab, so the clerk comes back to it. */
function rememberedItem(dir: string): number | null {
  try {
    const n = Number(sessionStorage.getItem(ITEM_KEY + dir));
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

function rememberItem(dir: string, id: number | null): void {
  try {
    if (id == null) sessionStorage.removeItem(ITEM_KEY + dir);
    else sessionStorage.setItem(ITEM_KEY + dir, String(id));
  } catch {
    /* storage off: the list comes back, the item does not */
  }
}

function isTyping(el: Element | null): boolean {
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || (el as HTMLElement).isContentEditable);
}

function Workspace({ session }: { session: SessionState }) {
  const campaign = session.archive!.campaign;
  const panel = app.use((s) => s.panel);
  const tree = app.use((s) => s.tree);
  const view = app.use((s) => s.view);
  const current = app.use((s) => s.current);
  const tasksOpen = taskPanel.use((s) => s.open);
  const readOnly = useReadOnly();
  const can = useAbilities();
  const filling = session.archive!.filling;
  const liveFilling = useLiveFilling(session);
  const banner = filling ?? liveFilling;

  useEffect(() => {
    // The list the clerk had open last time loads together with the tree, and after F5 the item
    // that was open (if it is still in that list).
    const dir = session.archive!.dir;
    const last = rememberedView(dir);
    if (last) showView(last);
    const item = last ? rememberedItem(dir) : null;
    if (item != null) {
      const stop = app.subscribe(() => {
        const s = app.get();
        if (!s.items) return;
        stop();
        if (s.current == null && s.items.some((i) => i.id === item)) openItem(item);
      });
    }
    void reloadTree();
    const stopJobs = watchJobs();
    const stopImports = watchImports();
    const stopReading = watchReading();
    watchExports();
    const stopSession = bridge.onEvent((e) => {
      if (e.type === 'changed' && e.what === 'archive')
        void call('session.state', {}).then(
          (st) => (st.archive?.dir === app.get().session?.archive?.dir ? app.set({ session: st }) : opened(st)),
          () => {},
        );
    });
    // Changes from elsewhere (another window, the CLI, a job and its end): reload, a little later, once.
    const stopReload = onArchiveChanged(() => {
      void reloadTree();
      void reloadItems();
      window.dispatchEvent(new CustomEvent('tz-items-changed'));
    }, RELOAD_DELAY);
    return () => {
      stopJobs();
      stopImports();
      stopReading();
      stopSession();
      stopReload();
    };
  }, []);

  useEffect(() => {
    if (!tree) return;
    // A remembered indicator that is gone (another indicator system imported) gives way too.
    if (!view || (view.kind === 'indicator' && !tree.nodes.some((n) => n.code === view.code))) showView(firstView());
  }, [tree, view]);

  useEffect(() => {
    if (view && view.kind !== 'search') rememberView(session.archive!.dir, view);
  }, [view, session]);

  useEffect(() => {
    if (view) rememberItem(session.archive!.dir, current);
  }, [current, view, session]);

  // One drawer at a time: a panel opened from the top bar closes the 任务记录.
  useEffect(() => {
    if (panel) taskPanel.set({ open: false });
  }, [panel]);

  // Keys that work anywhere outside a text field: Ctrl+Z undoes the last move to the trash,
  // Delete trashes the selection.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(document.activeElement) || app.get().panel) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !e.shiftKey) {
        e.preventDefault();
        void undoTrash();
      } else if (e.key === 'Delete' && document.activeElement === document.body) {
        const s = app.get();
        if (s.view?.kind !== 'trash' && s.selected.length) void trashItems(s.selected);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const close = () => app.set({ panel: null });
  // From the self-check to what a problem is about; the editor then offers 返回自查.
  const goto = async (target: GotoTarget) => {
    app.set({ panel: null, backToCheck: true });
    if (target.indicator) showView({ kind: 'indicator', code: target.indicator });
    if (target.item != null) {
      if (!target.indicator) {
        try {
          const it = await call('items.get', { id: target.item });
          showView(it.deletedAt ? { kind: 'trash' } : it.indicators[0] ? { kind: 'indicator', code: it.indicators[0] } : { kind: 'inbox' });
        } catch (e) {
          void e; // the editor says that it could not open the item
        }
      }
      openItem(target.item, target.file);
    }
  };

  const title = [campaign.name, campaign.unit, campaign.year ? `${campaign.year}年度` : ''].filter(Boolean).join(' · ');
  return (
    <div className="app" style={{ ['--check-top' as string]: `${48 + (readOnly ? 32 : 0) + (banner ? FILLING_BAR : 0)}px` }}>
      <header className="topbar">
        <span className="topbar-name" title={title} data-testid="campaign-name">
          {campaign.name}
        </span>
        {readOnly && readOnly !== REVIEWER_READ_ONLY && (
          <span className="readonly-badge" title={`只读：${readOnly}`} data-testid="read-only-badge">
            只读
          </span>
        )}
        {campaign.unit && (
          <span className="topbar-unit" title={campaign.unit}>
            {campaign.unit}
          </span>
        )}
        <SearchBox />
        <div className="tz-spacer" />
        <ExportRunning onOpen={() => openPanel('export')} />
        <nav className="topbar-actions" aria-label="功能">
          <Button onClick={() => openPanel('check')} aria-pressed={panel === 'check'} data-testid="open-check">
            自查
          </Button>
          <Button onClick={() => openPanel('dashboard')} aria-pressed={panel === 'dashboard'} data-testid="open-dashboard">
            统计
          </Button>
          <ReviewButton />
          {/* 填报模式 makes only the 回传包; the 创建办 sends and receives from 责任单位. */}
          {filling ? (
            <ReturnButton />
          ) : (
            <>
              {can.departments && (
                <Button onClick={() => openPanel('departments')} aria-pressed={panel === 'departments'} title="各责任单位的任务、截止日期、任务包和回传包" data-testid="open-departments">
                  责任单位
                </Button>
              )}
              {can.export && (
                <Button variant="primary" onClick={() => openPanel('export')} data-testid="open-export">
                  导出
                </Button>
              )}
            </>
          )}
          <ReadingStatus />
          <TaskButton />
          {can.settings && (
            <Button onClick={() => openPanel('settings')} title="项目名称、单位、全宗号、创建时段…" data-testid="open-settings">
              项目设置
            </Button>
          )}
          <AccountBar />
        </nav>
      </header>
      {readOnly && <ReadOnlyBar reason={readOnly} />}
      {banner && <FillingBanner filling={banner} live={!filling} />}
      <div className="columns">
        <IndicatorTree onImportIndicators={() => openPanel('indicators')} />
        <ItemList />
        <ItemEditor />
      </div>
      {tasksOpen && <TaskPanel />}
      <BatchCaptionHost />
      {panel === 'check' && <CheckPanel onGoto={(t) => void goto(t)} onClose={close} />}
      {panel === 'dashboard' && <Dashboard onClose={close} />}
      {panel === 'export' && !filling && <ExportDialog onClose={close} />}
      {panel === 'departments' && <DepartmentsPanel onClose={close} />}
      {panel === 'indicators' && <IndicatorImport onClose={close} />}
      {panel === 'audit' && <AuditPanel onClose={close} />}
      {panel === 'accounts' && <AccountsPanel onClose={close} />}
      {panel === 'settings' && (
        <CampaignSettings
          campaign={campaign}
          dir={session.archive!.dir}
          onClose={close}
          onSaved={(c) => {
            app.set({ session: { ...session, archive: { ...session.archive!, campaign: c } }, panel: null });
            void reloadTree();
          }}
          onClosedArchive={opened}
        />
      )}
      <RestoreReport />
    </div>
  );
}

/** Under the top bar while the archive is read-only: why, what still works, how to edit. */
function ReadOnlyBar({ reason }: { reason: string }) {
  const text =
    reason === REVIEWER_READ_ONLY
      ? readOnlyText(reason)
      : `只读：${reason.replace(/[。.]$/, '')}。可以查看、搜索、自查和导出，不能修改；要修改，请把整个档案文件夹复制到电脑硬盘上再打开。`;
  return (
    <div className="readonly-bar" role="status" title={text} data-testid="read-only">
      {text}
    </div>
  );
}
