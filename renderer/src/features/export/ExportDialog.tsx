// 导出: choose what to export (dossier PDF, Excel ledger, inspection package, archive boxes), its
// options and where it goes; then follow the job's progress, cancel it, and open or download the
// result. The print options are shared by all four, so page numbers agree between them.
import { useEffect, useState, type ReactNode } from 'react';
import { EXPORT_FILE_NAMES, type JobInfo, type JobSpec } from '../../../../shared/api';
import type { Arrangement } from '../../../../shared/archival-code';
import { ApiError, bridge, call, errorText, isDesktop } from '../../api/client';
import { Button, Dialog, ProgressBar } from '../../components';
import { exportStarted } from '../../state/exports';
import { app } from '../../state/app-state';
import { isExport, noteJob, useJob, type ExportKind } from '../../state/jobs';
import './export.css';

const KINDS: ExportKind[] = ['export-pdf', 'export-xlsx', 'export-package', 'export-boxes'];

const KIND_TEXT: Record<ExportKind, { title: string; note: string; name: string }> = {
  // Made from the 部门 view (任务包, 催报单) and the 填报 view (回传包); shown here when their jobs run.
  'export-packet': { title: '任务包', note: '', name: EXPORT_FILE_NAMES['export-packet'] },
  'import-packet': { title: '回传包', note: '', name: '' },
  'export-return': { title: '回传包', note: '', name: EXPORT_FILE_NAMES['export-return'] },
  'export-reminder': { title: '催报单', note: '', name: EXPORT_FILE_NAMES['export-reminder'] },
  'export-pdf': {
    title: '台账 PDF（装订本）',
    note: '封面、目录、按指标分节，每张照片配说明，页码连续，可直接打印装订。',
    name: EXPORT_FILE_NAMES['export-pdf'],
  },
  'export-xlsx': {
    title: 'Excel 台账',
    note: '每件材料一行的目录和各指标达标情况，页码与装订本一致。',
    name: EXPORT_FILE_NAMES['export-xlsx'],
  },
  'export-package': {
    title: '迎检材料包',
    note: '全部原件按指标分文件夹，附目录，可拷给检查组或上传网报系统。',
    name: EXPORT_FILE_NAMES['export-package'],
  },
  'export-boxes': {
    title: '档案盒',
    note: '迎检按指标装盒（附指标索引），或归档按年度-保管期限-机构装盒（附归档文件目录）；盒封面、备考表和盒脊标签。',
    name: EXPORT_FILE_NAMES['export-boxes'],
  },
};

const SPINES = [20, 30, 40, 50] as const;

interface Options {
  duplex: boolean;
  photosPerPage: 1 | 2;
  perIndicator: boolean;
  packageAs: 'zip' | 'folder';
  webUpload: boolean;
  capacity: string;
  spine: (typeof SPINES)[number];
  arrangement: Arrangement;
}

const DEFAULT_OPTIONS: Options = { duplex: false, photosPerPage: 1, perIndicator: false, packageAs: 'zip', webUpload: false, capacity: '200', spine: 30, arrangement: 'inspection' };
const OPTIONS_KEY = 'taizhang-export-options';

/** The clerk's last choices: the same print options keep page numbers the same between exports. */
function loadOptions(): Options {
  try {
    const saved = JSON.parse(localStorage.getItem(OPTIONS_KEY) ?? '{}') as Partial<Options>;
    return { ...DEFAULT_OPTIONS, ...saved };
  } catch {
    return DEFAULT_OPTIONS;
  }
}

function separator(dir: string): string {
  return dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
}
function joinPath(dir: string, name: string): string {
  const sep = separator(dir);
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}
function splitPath(p: string): { dir: string; name: string } {
  const at = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return at < 0 ? { dir: '', name: p } : { dir: p.slice(0, at), name: p.slice(at + 1) };
}

/** Archive boxes are laid out for the whole archive; the other exports can print one indicator. */
const SCOPED: ExportKind[] = ['export-pdf', 'export-xlsx', 'export-package'];

/** The default name; one indicator's export is named after it, so it never takes the whole one's place. */
function defaultName(kind: ExportKind, o: Options, scope: string | null): string {
  const whole = kind === 'export-package' && o.packageAs === 'folder' ? '迎检材料包' : KIND_TEXT[kind].name;
  if (!scope || !SCOPED.includes(kind)) return whole;
  const dot = whole.lastIndexOf('.');
  return dot < 0 ? `${whole}（${scope}）` : `${whole.slice(0, dot)}（${scope}）${whole.slice(dot)}`;
}

function percent(job: JobInfo): number | null {
  const p = job.progress;
  if (!p || p.total <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((p.done / p.total) * 100)));
}

function JobBody(props: { job: JobInfo; actionError: string | null }) {
  const { job } = props;
  const title = isExport(job) ? KIND_TEXT[job.kind].title : '导出';
  const p = job.progress;
  const pct = percent(job);
  return (
    <div className="export-job" data-testid="export-job" data-state={job.state}>
      <h3>{title}</h3>
      {job.state === 'running' && (
        <div className="export-running" data-testid="export-progress">
          <p className="export-phase" data-testid="export-phase">
            <span>{p?.phase ?? '正在准备…'}</span>
            {p && p.total > 0 && (
              <span className="export-count">
                {p.done} / {p.total}
                {pct != null && `（${pct}%）`}
              </span>
            )}
          </p>
          <ProgressBar value={p?.done ?? 0} max={p?.total ?? 0} />
          <p className="export-detail" title={p?.detail}>
            {p?.detail || '\u00a0'}
          </p>
          <p className="export-hint">关闭此窗口不会中断导出；再次打开“导出”可以看到进度。</p>
        </div>
      )}

      {job.state === 'done' && (
        <>
          <p className="export-success" role="status" data-testid="export-summary">
            {job.summary ?? '导出完成。'}
          </p>
          {job.output && (
            <p className="export-output">
              保存在：<span data-testid="export-output">{job.output}</span>
            </p>
          )}
          {job.warnings.length > 0 && (
            <details className="export-warnings" open={job.warnings.length <= 8} data-testid="export-warnings">
              <summary>提醒 {job.warnings.length} 条（文件已生成，请逐条核对）</summary>
              <ul>
                {job.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </details>
          )}
          {!isDesktop && !isFileOutput(job) && <p className="export-hint">导出的是一个文件夹，网页版不能下载文件夹，请在本机的文件管理器中打开它。</p>}
        </>
      )}

      {job.state === 'failed' && (
        <p className="tz-alert-error" role="alert" data-testid="export-error">
          {job.error?.code === 'EXISTS' ? `${job.error.message.replace(/要替换它吗？$/, '')}没有替换。点“返回修改”再导出一次，确认后即替换。` : (job.error?.message ?? '导出没有完成，请重试。')}
        </p>
      )}

      {job.state === 'cancelled' && (
        <p className="export-cancelled" role="status" data-testid="export-cancelled">
          已取消，未生成文件。
        </p>
      )}

      {props.actionError && (
        <p className="tz-alert-error" role="alert">
          {props.actionError}
        </p>
      )}
    </div>
  );
}

function isFileOutput(job: JobInfo): boolean {
  return job.output != null && /\.(pdf|xlsx|zip)$/i.test(job.output);
}

export function ExportDialog(props: { onClose(): void }) {
  const [kind, setKind] = useState<ExportKind>('export-pdf');
  const scope = app.use((s) => s.exportScope);
  const scoped = scope && SCOPED.includes(kind) ? scope : null;
  const [options, setOptions] = useState<Options>(loadOptions);
  // Not remembered with the other options: excluded evidence goes into an export only when asked each time.
  const [includeExcluded, setIncludeExcluded] = useState(false);
  const [exportDir, setExportDir] = useState<string | null>(null);
  /** Paths the clerk typed or picked, per kind; the rest follow the default. */
  const [paths, setPaths] = useState<Partial<Record<ExportKind, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const [cancelling, setCancelling] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  /** The service's word on the file the export would replace, while the clerk decides. */
  const [replacing, setReplacing] = useState<string | null>(null);

  const defaultPath = exportDir ? joinPath(exportDir, defaultName(kind, options, scoped?.code ?? null)) : '';
  const path = paths[kind] ?? defaultPath;

  useEffect(() => {
    void (async () => {
      try {
        const s = await call('session.state', {});
        setExportDir(s.archive?.exportDir ?? '');
        // An export still running from before the dialog was closed: show it again.
        const running = (await call('jobs.list', {})).find((j) => j.state === 'running' && isExport(j));
        if (running) {
          noteJob(running);
          setJobId((id) => id ?? running.id);
        }
      } catch (e) {
        setFormError(errorText(e));
        setExportDir('');
      }
    })();
  }, []);

  const setOption = <K extends keyof Options>(k: K, v: Options[K]) => {
    setOptions((o) => {
      const next = { ...o, [k]: v };
      localStorage.setItem(OPTIONS_KEY, JSON.stringify(next));
      return next;
    });
    // Switching the package between zip and folder changes the name it is saved under.
    if (k === 'packageAs' && paths['export-package'] != null) {
      const { dir, name } = splitPath(paths['export-package']);
      const bare = name.replace(/\.zip$/i, '');
      const renamed = v === 'zip' ? `${bare}.zip` : bare;
      setPaths((p) => ({ ...p, 'export-package': dir ? joinPath(dir, renamed) : renamed }));
    }
  };

  const pick = async () => {
    try {
      const dir = await call('desktop.pickFolder', { purpose: 'export' });
      if (dir) setPaths((p) => ({ ...p, [kind]: joinPath(dir, splitPath(path).name || defaultName(kind, options, scoped?.code ?? null)) }));
    } catch (e) {
      setFormError(errorText(e));
    }
  };

  const problem = (): string | null => {
    const p = path.trim();
    if (!p) return '请填写导出到哪里（文件的完整路径）。';
    const { name } = splitPath(p);
    if (!name) return '请在路径的最后写上文件名。';
    if ((kind === 'export-pdf' || kind === 'export-boxes') && !/\.pdf$/i.test(name)) return '文件名应以 .pdf 结尾。';
    if (kind === 'export-xlsx' && !/\.xlsx$/i.test(name)) return '文件名应以 .xlsx 结尾。';
    if (kind === 'export-package' && options.packageAs === 'zip' && !/\.zip$/i.test(name)) return '压缩包的文件名应以 .zip 结尾；要导出为文件夹，请选“文件夹”。';
    if (kind === 'export-boxes') {
      const c = Number(options.capacity);
      if (!Number.isInteger(c) || c < 1 || c > 100000) return '每盒页数应为正整数，例如 200。';
    }
    return null;
  };

  const start = async (overwrite = false) => {
    const bad = problem();
    if (bad) {
      setFormError(bad);
      return;
    }
    const out = path.trim();
    const spec: JobSpec = { kind, duplex: options.duplex, photosPerPage: options.photosPerPage, includeExcluded, ...(overwrite && { overwrite }) };
    // The default place is made by the service when it is missing; a path of the clerk's own must exist.
    if (out !== joinPath(exportDir ?? '', KIND_TEXT[kind].name)) spec.out = out;
    if (scoped) spec.indicator = scoped.code;
    if (kind === 'export-xlsx') {
      spec.perIndicator = options.perIndicator;
      // The 指标索引 boxes the material as the archive-box export would, with the same capacity.
      const c = Number(options.capacity);
      if (Number.isInteger(c) && c >= 1 && c <= 100000) spec.capacity = c;
      spec.arrangement = options.arrangement;
    }
    if (kind === 'export-package') spec.webUpload = options.webUpload;
    // The dossier's 归档章 and 目录 carry the 件号 of the arrangement chosen (the archive boxes' when 归档).
    if (kind === 'export-pdf') spec.arrangement = options.arrangement;
    if (kind === 'export-boxes') {
      spec.capacity = Number(options.capacity);
      spec.spine = options.spine;
      spec.arrangement = options.arrangement;
    }
    setStarting(true);
    setFormError(null);
    try {
      const info = await call('jobs.start', spec);
      // The app follows it too: closed before it ends, the dialog leaves the telling to a notice.
      exportStarted(info);
      setJobId(info.id);
      setCancelling(false);
    } catch (e) {
      // A file is there already (an earlier export, another archive's, the clerk's own): asked, never replaced unasked.
      if (e instanceof ApiError && e.code === 'EXISTS' && !overwrite) setReplacing(e.message);
      else setFormError(errorText(e));
    } finally {
      setStarting(false);
    }
  };

  const cancel = async () => {
    if (!jobId) return;
    setCancelling(true);
    try {
      noteJob(await call('jobs.cancel', { id: jobId }));
    } catch (e) {
      setActionError(errorText(e));
      setCancelling(false);
    }
  };

  const again = () => {
    setJobId(null);
    setCancelling(false);
    setActionError(null);
  };

  const openOutput = async (reveal: boolean) => {
    if (!job) return;
    try {
      setActionError(null);
      await call('desktop.openOutput', { jobId: job.id, reveal });
    } catch (e) {
      setActionError(errorText(e));
    }
  };

  const ready = exportDir != null;
  const download = job?.state === 'done' && !isDesktop && isFileOutput(job) ? bridge.downloadUrl(job.id) : null;

  // Every button has its own key: React must not reuse the clicked 重新导出 as the 开始导出 submit
  // button that takes its place, or the click would start an export straight away.
  let footer: ReactNode;
  if (!job) {
    footer = (
      <>
        <Button key="close-form" onClick={props.onClose} data-testid="export-close">关闭</Button>
        <Button key="start" type="submit" form="export-form" variant="primary" disabled={!ready || starting} data-testid="export-start">
          {starting ? '正在开始…' : '开始导出'}
        </Button>
      </>
    );
  } else if (job.state === 'running') {
    footer = (
      <>
        <Button key="background" onClick={props.onClose} data-testid="export-background">在后台继续</Button>
        <Button key="cancel" variant="danger" onClick={() => void cancel()} disabled={cancelling} data-testid="export-cancel">
          {cancelling ? '正在取消…' : '取消导出'}
        </Button>
      </>
    );
  } else if (job.state === 'done') {
    footer = (
      <>
        <Button key="again" onClick={again} data-testid="export-again" className="export-foot-left">
          再导出一份
        </Button>
        <Button key="close-done" onClick={props.onClose} data-testid="export-close">关闭</Button>
        {isDesktop && (
          <>
            <Button key="reveal" onClick={() => void openOutput(true)} data-testid="export-reveal">
              在文件夹中显示
            </Button>
            <Button key="open" variant="primary" onClick={() => void openOutput(false)} data-testid="export-open">
              打开
            </Button>
          </>
        )}
        {download && job.output && (
          <a key="download" className="tz-btn tz-btn-primary export-download" href={download} download={splitPath(job.output).name} data-testid="export-download">
            下载 {splitPath(job.output).name}
          </a>
        )}
      </>
    );
  } else {
    footer = (
      <>
        <Button key="close-end" onClick={props.onClose} data-testid="export-close">关闭</Button>
        <Button key="again-end" variant="primary" onClick={again} data-testid="export-again">
          {job.state === 'failed' ? '返回修改' : '重新导出'}
        </Button>
      </>
    );
  }

  if (replacing != null) {
    // In place of the export dialog, not over it: one dialog answers Esc at a time.
    return (
      <Dialog
        title="替换已有的文件？"
        onClose={() => setReplacing(null)}
        width={560}
        testId="export-replace"
        footer={
          <>
            <Button key="keep" onClick={() => setReplacing(null)} data-testid="export-replace-cancel">
              不替换，换个文件名
            </Button>
            <Button
              key="replace"
              variant="danger"
              onClick={() => {
                setReplacing(null);
                void start(true);
              }}
              data-testid="export-replace-confirm"
            >
              替换
            </Button>
          </>
        }
      >
        <p className="export-replace-message" data-testid="export-replace-message">
          {replacing}
        </p>
        <p className="export-replace-path">{path}</p>
        <p className="export-hint">新文件完整写好后才替换旧文件；导出中途取消或失败，旧文件保持原样。</p>
      </Dialog>
    );
  }

  return (
    <Dialog title={scope ? `导出：${scope.code} ${scope.title}` : '导出'} onClose={props.onClose} width={820} testId="export-dialog" footer={footer}>
      {job ? (
        <JobBody job={job} actionError={actionError} />
      ) : (
        <form
          id="export-form"
          className="export-form"
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
          noValidate
        >
          {scope && (
            <p className="export-scope" data-testid="export-scope">
              {scoped ? (
                <>
                  只导出指标 <b>{scope.code} {scope.title}</b> 及其下级的材料（件号和页码与全本一致）。
                </>
              ) : (
                <>档案盒按全部指标装盒，不能只导出一个指标。</>
              )}{' '}
              <Button type="button" variant="link" small onClick={() => app.set({ exportScope: null })} data-testid="export-scope-clear">
                改为导出全部
              </Button>
            </p>
          )}
          <fieldset className="export-kinds">
            <legend>导出什么</legend>
            {KINDS.map((k) => (
              <label key={k} className={k === kind ? 'export-kind export-kind-on' : 'export-kind'} data-testid={`export-kind-${k}`}>
                <input
                  type="radio"
                  name="export-kind"
                  value={k}
                  checked={k === kind}
                  onChange={() => {
                    setKind(k);
                    setFormError(null);
                  }}
                />
                <span>
                  <b>{KIND_TEXT[k].title}</b>
                  <small>{KIND_TEXT[k].note}</small>
                </span>
              </label>
            ))}
          </fieldset>

          <div className="export-options">
            <fieldset className="export-group">
              <legend>选项</legend>
              <label className="export-check" title="勾选后，创建时段外、文件无法读取的材料也一并导出，并标注“不计入：……”">
                <input type="checkbox" checked={includeExcluded} onChange={(e) => setIncludeExcluded(e.target.checked)} data-testid="export-include-excluded" />
                包括不计入的材料（标注“不计入”）
              </label>
              <p className="export-hint export-hint-tight">默认不导出创建时段外和文件无法读取的材料。</p>
              {kind === 'export-xlsx' && (
                <label className="export-check">
                  <input type="checkbox" checked={options.perIndicator} onChange={(e) => setOption('perIndicator', e.target.checked)} data-testid="export-per-indicator" />
                  每个一级指标一张表
                </label>
              )}
              {kind === 'export-package' && (
                <>
                  <div className="export-row">
                    <span className="export-label">保存为</span>
                    <label className="export-check">
                      <input type="radio" name="export-package-as" checked={options.packageAs === 'zip'} onChange={() => setOption('packageAs', 'zip')} data-testid="export-package-zip" />
                      zip 压缩包
                    </label>
                    <label className="export-check">
                      <input type="radio" name="export-package-as" checked={options.packageAs === 'folder'} onChange={() => setOption('packageAs', 'folder')} data-testid="export-package-folder" />
                      文件夹
                    </label>
                  </div>
                  <label className="export-check">
                    <input type="checkbox" checked={options.webUpload} onChange={(e) => setOption('webUpload', e.target.checked)} data-testid="export-web-upload" />
                    网报版（照片压缩到 2 MB 以内）
                  </label>
                  {!isDesktop && options.packageAs === 'folder' && <p className="export-hint">网页版只能下载 zip 压缩包；导出为文件夹时请在本机的文件管理器中打开。</p>}
                </>
              )}
              {(kind === 'export-boxes' || kind === 'export-xlsx' || kind === 'export-pdf') && (
                <div className="export-row">
                  <span className="export-label">{kind === 'export-boxes' ? '装盒方式' : '件号编排'}</span>
                  <label className="export-check" title="迎检前：按一级指标装盒，盒脊写指标编号和名称，附“指标 → 盒号 → 页码”索引；件号与装订本台账一致">
                    <input type="radio" name="export-arrangement" checked={options.arrangement === 'inspection'} onChange={() => setOption('arrangement', 'inspection')} data-testid="export-arrangement-inspection" />
                    迎检（按指标）
                  </label>
                  <label className="export-check" title="迎检后移交档案室：按年度-保管期限-机构分类，件号在每类内从 0001 起编，附归档文件目录（DA/T 22-2015）">
                    <input type="radio" name="export-arrangement" checked={options.arrangement === 'archive'} onChange={() => setOption('arrangement', 'archive')} data-testid="export-arrangement-archive" />
                    归档（DA/T 22）
                  </label>
                </div>
              )}
              {kind === 'export-boxes' && (
                <div className="export-row">
                  <label className="export-inline">
                    每盒页数
                    <input
                      type="number"
                      min={1}
                      max={100000}
                      value={options.capacity}
                      onChange={(e) => setOption('capacity', e.target.value)}
                      data-testid="export-capacity"
                    />
                  </label>
                  <label className="export-inline">
                    盒脊厚度
                    <select value={options.spine} onChange={(e) => setOption('spine', Number(e.target.value) as Options['spine'])} data-testid="export-spine">
                      {SPINES.map((s) => (
                        <option key={s} value={s}>
                          {s} mm
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
              )}
              <div className="export-row">
                <label className="export-check">
                  <input type="checkbox" checked={options.duplex} onChange={(e) => setOption('duplex', e.target.checked)} data-testid="export-duplex" />
                  双面打印
                </label>
                <label className="export-inline">
                  每页照片
                  <select value={options.photosPerPage} onChange={(e) => setOption('photosPerPage', Number(e.target.value) as 1 | 2)} data-testid="export-photos-per-page">
                    <option value={1}>1 张</option>
                    <option value={2}>2 张</option>
                  </select>
                </label>
              </div>
              <p className="export-hint">
                {kind === 'export-pdf'
                  ? '双面打印时每个指标从正面（奇数页）开始，反面的装订边自动对调。'
                  : '页码按装订本计算：请与打印台账时的版式选得一样，页码才对得上。'}
              </p>
            </fieldset>
          </div>

          <label className="export-group export-path">
            <span className="export-label">保存到</span>
            <span className="export-path-row">
              <input
                value={path}
                onChange={(e) => setPaths((p) => ({ ...p, [kind]: e.target.value }))}
                disabled={!ready}
                spellCheck={false}
                aria-label="保存到"
                data-testid="export-path"
              />
              {isDesktop && (
                <Button onClick={() => void pick()} disabled={!ready}>
                  选择…
                </Button>
              )}
            </span>
            <small className="export-hint">
              {isDesktop ? '完整的文件路径；已有同名文件时会先问你是否替换。' : '本机上的完整文件路径；导出后可以直接下载。已有同名文件时会先问你是否替换。'}
            </small>
          </label>

            {formError && (
              <p className="tz-alert-error" role="alert" data-testid="export-form-error">
                {formError}
              </p>
            )}
        </form>
      )}
    </Dialog>
  );
}
