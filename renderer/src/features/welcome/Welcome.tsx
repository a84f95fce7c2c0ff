// The first screen, when no archive is open: create a new archive for a campaign, open an
// existing archive folder, or reopen one of the recent ones.
import { useState, type FormEvent } from 'react';
import type { RecentArchive, SessionState } from '../../../../shared/api';
import { call, errorText, isDesktop } from '../../api/client';
import { Button } from '../../components';
import { offersRestore, RestoreOffer } from './RestoreOffer';
import { OpenPacketCard } from '../filling/OpenPacket';
import { CampaignFields, campaignDraft, campaignProblem, draftToCampaign, problemField, type CampaignDraft, type CampaignProblem } from './CampaignFields';
import './welcome.css';

type Purpose = 'open' | 'create';

const EXAMPLE_DIR = /Windows/i.test(navigator.userAgent) ? 'D:\\创建台账\\科普示范县档案' : '/home/办公室/创建台账/科普示范县档案';

/**
 * What each recent archive is called: its campaign's name, or — for one remembered before names
 * were kept — the last part of its path, with the folder above it when two would read the same
 * (clerks often call every archive folder 档案).
 */
function recentNames(recent: RecentArchive[]): string[] {
  const parts = recent.map((r) => r.dir.split(/[\\/]+/).filter(Boolean));
  const last = parts.map((ps, i) => ps[ps.length - 1] ?? recent[i].dir);
  return recent.map((r, i) =>
    r.name || (last.filter((n) => n === last[i]).length > 1 && parts[i].length > 1 ? `${parts[i][parts[i].length - 2]} / ${last[i]}` : last[i]),
  );
}

/**
 * The folder `npm run web -- FOLDER` was given when it is not an archive yet (…&create=FOLDER):
 * read once and taken out of the address, so a reload after the archive is made does not offer it again.
 */
function folderToCreate(): string {
  if (isDesktop) return '';
  const url = new URL(window.location.href);
  const dir = url.searchParams.get('create') ?? '';
  if (dir) {
    url.searchParams.delete('create');
    window.history.replaceState(window.history.state, '', url.toString());
  }
  return dir;
}

/** A folder path typed by the clerk, with 选择文件夹… beside it on the desktop. */
function FolderInput(props: { id: string; value: string; onChange(v: string): void; onPick(): void; placeholder: string }) {
  return (
    <span className="welcome-path">
      <input
        id={props.id}
        className="tz-input"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder={props.placeholder}
        spellCheck={false}
        data-testid={props.id}
      />
      {isDesktop && <Button onClick={props.onPick}>选择文件夹…</Button>}
    </span>
  );
}

export function Welcome(props: { state: SessionState; onOpened(state: SessionState): void }) {
  const [offered] = useState(folderToCreate);
  const [createDir, setCreateDir] = useState(offered);
  const [draft, setDraft] = useState<CampaignDraft>(() => campaignDraft());
  const [openDir, setOpenDir] = useState('');
  const [busy, setBusy] = useState<null | 'create' | 'open'>(null);
  /** A problem with the new archive: beside its field, or under the form when it is the folder's. */
  const [createError, setCreateError] = useState<CampaignProblem | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  /** A damaged archive that its newest snapshot can mend: the offer to restore it. */
  const [damaged, setDamaged] = useState<{ dir: string; message: string } | null>(null);

  const pick = async (purpose: Purpose) => {
    try {
      const dir = await call('desktop.pickFolder', { purpose });
      if (dir) (purpose === 'create' ? setCreateDir : setOpenDir)(dir);
    } catch (e) {
      if (purpose === 'create') setCreateError({ field: null, text: errorText(e) });
      else setOpenError(errorText(e));
    }
  };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const problem = createDir.trim() ? campaignProblem(draft) : { field: null, text: '请填写新档案要放在哪个文件夹。' };
    if (problem) {
      setCreateError(problem);
      return;
    }
    setBusy('create');
    setCreateError(null);
    try {
      const state = await call('archive.create', { dir: createDir.trim(), campaign: draftToCampaign(draft) });
      props.onOpened(state);
    } catch (err) {
      const text = errorText(err);
      setCreateError({ field: problemField(err), text });
    } finally {
      setBusy(null);
    }
  };

  const open = async (dir: string) => {
    if (!dir.trim()) {
      setOpenError('请填写档案文件夹的路径。');
      return;
    }
    setBusy('open');
    setOpenError(null);
    try {
      props.onOpened(await call('archive.open', { dir: dir.trim() }));
    } catch (err) {
      if (offersRestore(err)) setDamaged({ dir: dir.trim(), message: err.message });
      else setOpenError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const names = recentNames(props.state.recent);
  const folderHint = isDesktop
    ? '可以直接输入路径，或点“选择文件夹…”。'
    : '网页版不能弹出选择窗口：请输入本机上的文件夹路径（运行本软件服务的这台电脑上的路径）。';

  return (
    <div className="welcome" data-testid="welcome">
      <header className="welcome-head">
        <h1>创建台账</h1>
        <p>把创建工作的佐证材料按测评指标归档，随时自查，一键导出迎检材料包、装订台账和 Excel 目录。</p>
      </header>

      <div className="welcome-columns">
        <form
          className="tz-card welcome-create"
          onSubmit={create}
          // Turning to the new archive: what went wrong opening another one no longer applies.
          onFocus={() => setOpenError(null)}
          aria-labelledby="welcome-create-title"
          data-testid="welcome-create"
          noValidate
        >
          <h2 id="welcome-create-title">新建档案</h2>
          <p className="welcome-note">为一个创建项目新建档案。档案是一个文件夹，请选一个空文件夹或一个还不存在的文件夹；以后可以整个拷到 U 盘带走。</p>
          {offered && (
            <p className="welcome-offer" role="status" data-testid="welcome-create-offer">
              文件夹 {offered} 还不是档案。填写创建项目的名称等信息，点“新建档案”即在这里新建。
            </p>
          )}

          <div className="tz-field">
            <label htmlFor="welcome-create-dir">档案文件夹</label>
            <div className="tz-field-control">
              <FolderInput id="welcome-create-dir" value={createDir} onChange={setCreateDir} onPick={() => void pick('create')} placeholder={`例如 ${EXAMPLE_DIR}`} />
              <div className="tz-field-hint">{folderHint}</div>
            </div>
          </div>

          <CampaignFields draft={draft} onChange={setDraft} problem={createError} testId="welcome" pairs />

          {createError && !createError.field && (
            <p className="tz-alert-error" role="alert" data-testid="welcome-create-error">
              {createError.text}
            </p>
          )}
          <div className="welcome-actions">
            <Button type="submit" variant="primary" disabled={busy != null} data-testid="welcome-create-submit">
              {busy === 'create' ? '正在新建…' : '新建档案'}
            </Button>
          </div>
        </form>

        <div className="welcome-side">
          <form
            className="tz-card"
            onSubmit={(e) => {
              e.preventDefault();
              void open(openDir);
            }}
            // And the other way: the new archive's folder problem gives way (a field's stays beside it).
            onFocus={() => setCreateError((p) => (p && p.field ? p : null))}
            aria-labelledby="welcome-open-title"
            data-testid="welcome-open"
            noValidate
          >
            <h2 id="welcome-open-title">打开档案</h2>
            <div className="welcome-stack">
              <label htmlFor="welcome-open-dir">档案文件夹</label>
              <FolderInput id="welcome-open-dir" value={openDir} onChange={setOpenDir} onPick={() => void pick('open')} placeholder="含 archive.sqlite 的文件夹" />
              <small>{folderHint}</small>
            </div>
            {openError && (
              <p className="tz-alert-error" role="alert" data-testid="welcome-open-error">
                {openError}
              </p>
            )}
            <div className="welcome-actions">
              <Button type="submit" variant="primary" disabled={busy != null} data-testid="welcome-open-submit">
                {busy === 'open' ? '正在打开…' : '打开档案'}
              </Button>
            </div>
          </form>

          <section className="tz-card" aria-labelledby="welcome-recent-title">
            <h2 id="welcome-recent-title">最近打开</h2>
            {props.state.recent.length === 0 ? (
              <p className="welcome-note">还没有打开过档案。</p>
            ) : (
              <ul className="welcome-recent" data-testid="welcome-recent">
                {props.state.recent.map(({ dir }, i) => (
                  <li key={dir}>
                    <button type="button" onClick={() => void open(dir)} disabled={busy != null} title={dir} data-testid="welcome-recent-item">
                      <span className="welcome-recent-name">{names[i]}</span>
                      <span className="welcome-recent-path">{dir}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>

          {/* Below 最近打开, which stays on the first screen; a department's first start has no recent archives. */}
          <OpenPacketCard onOpened={props.onOpened} />
        </div>
      </div>
      <footer className="welcome-foot">版本 {props.state.version}</footer>
      {damaged && (
        <RestoreOffer
          dir={damaged.dir}
          message={damaged.message}
          onCancel={() => {
            setDamaged(null);
            setOpenError(damaged.message);
          }}
          onOpened={props.onOpened}
        />
      )}
    </div>
  );
}
