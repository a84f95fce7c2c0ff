// One packet job (任务包, 回传包, 催报单) in a dialog: started, followed as the export dialog
// follows its own (the job store fed by events and a poll), cancelled, and its end shown with
// 下载 (web) or 打开 (desktop). Closed before the end, a notice tells it. The 部门 view and the
// 填报 view both use it.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { JobInfo, JobSpec } from '../../../../shared/api';
import { packetImportText, type PacketImportReport } from '../../../../shared/collect-types';
import { chineseDateTime } from '../../../../shared/names';
import { ApiError, bridge, call, errorText, isDesktop } from '../../api/client';
import { Button, Dialog, ProgressBar, toast } from '../../components';
import { failed } from '../../state/app-state';
import { noteJob, onJobEnd, useJob } from '../../state/jobs';
import './departments.css';

const baseName = (p: string) => p.split(/[\\/]/).filter(Boolean).pop() ?? p;
const isFile = (p: string | null): p is string => p != null && /\.(pdf|zip|xlsx)$/i.test(p);

/** 接收回传包's answer in the clerk's words: what came in from whom, or that nothing changed. */
export const importWords = (r: PacketImportReport): string => packetImportText(r, chineseDateTime);

function asImport(job: JobInfo): PacketImportReport | null {
  const r = job.result as Partial<PacketImportReport> | null;
  return r && typeof r === 'object' && typeof r.department === 'string' && typeof r.added === 'number' ? (r as PacketImportReport) : null;
}

/** A finished job in one line: the service's summary, or the import report in words. */
export function jobWords(job: JobInfo): string {
  if (job.kind === 'import-packet') {
    const r = asImport(job);
    if (r) return importWords(r);
  }
  return job.summary ?? '已完成。';
}

/** Where the file went, and 下载 / 打开 / 在文件夹中显示. */
export function OutputActions({ job }: { job: JobInfo }) {
  if (!job.output) return null;
  const open = (reveal: boolean) => void call('desktop.openOutput', { jobId: job.id, reveal }).catch(failed);
  const file = isFile(job.output);
  return (
    <div className="dept-output">
      <p className="dept-output-path">
        保存在：<span data-testid="packet-job-output">{job.output}</span>
      </p>
      <div className="dept-output-actions">
        {isDesktop ? (
          <>
            <Button small onClick={() => open(true)}>
              在文件夹中显示
            </Button>
            {file && (
              <Button small variant="primary" onClick={() => open(false)}>
                打开
              </Button>
            )}
          </>
        ) : file ? (
          <a className="tz-btn tz-btn-primary tz-btn-small" href={bridge.downloadUrl(job.id) ?? undefined} download={baseName(job.output)} data-testid="packet-job-download">
            下载 {baseName(job.output)}
          </a>
        ) : (
          <span className="dept-muted">这是一个文件夹，网页版不能下载文件夹，请在本机的文件管理器中打开它（每个责任单位一个 zip 文件）。</span>
        )}
      </div>
    </div>
  );
}

/** The notice when the dialog was closed before the job ended. */
function tellLater(job: JobInfo, title: string): void {
  if (job.state === 'done') {
    const href = !isDesktop && isFile(job.output) ? bridge.downloadUrl(job.id) : null;
    toast(jobWords(job), {
      kind: 'success',
      timeout: 0,
      details: [...(job.output ? [`保存在：${job.output}`] : []), ...job.warnings.map((w) => `提醒：${w}`)],
      action: href ? { label: '下载', href, download: baseName(job.output!) } : undefined,
    });
  } else if (job.state === 'failed') toast(`${title}没有完成：${job.error?.message ?? '请重试。'}`, { kind: 'error' });
}

/**
 * Runs `spec` once the clerk confirms (`autoStart`: at once) and shows it to the end. `form`: what
 * to show before it starts; `startLabel`: the word of the button that starts it. EXISTS (the file
 * is there from an earlier export) asks before replacing.
 */
export function PacketJobDialog(props: {
  title: string;
  /** The job, or (a function) what to check or upload first: a string is what is wrong, in words. */
  spec: JobSpec | (() => JobSpec | string | Promise<JobSpec | string>);
  form?: ReactNode;
  startLabel?: string;
  /** The button's word while it starts (正在上传…). */
  startingLabel?: string;
  autoStart?: boolean;
  onEnd?(job: JobInfo): void;
  onClose(): void;
  testId: string;
}) {
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [replacing, setReplacing] = useState<string | null>(null);
  const open = useRef(true);
  const onEnd = useRef(props.onEnd);
  onEnd.current = props.onEnd;

  useEffect(() => {
    open.current = true;
    return () => {
      open.current = false;
    };
  }, []);

  const start = async (overwrite = false) => {
    setStarting(true);
    setError(null);
    try {
      const spec = typeof props.spec === 'function' ? await props.spec() : props.spec;
      if (typeof spec === 'string') return setError(spec);
      const info = await call('jobs.start', { ...spec, ...(overwrite && { overwrite: true }) });
      noteJob(info);
      setJobId(info.id);
      onJobEnd(info.id, (end) => {
        onEnd.current?.(end);
        if (!open.current) tellLater(end, props.title);
      });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'EXISTS' && !overwrite) setReplacing(e.message);
      else setError(errorText(e));
    } finally {
      setStarting(false);
    }
  };

  // Once, when the dialog opens (打印催报单 needs no questions); StrictMode runs effects twice.
  const autoStarted = useRef(false);
  useEffect(() => {
    if (!props.autoStart || autoStarted.current) return;
    autoStarted.current = true;
    void start();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const cancel = () => job && void call('jobs.cancel', { id: job.id }).then(noteJob, failed);

  let footer: ReactNode;
  if (!job)
    footer = (
      <>
        <Button key="close" onClick={props.onClose} data-testid={`${props.testId}-close`}>
          关闭
        </Button>
        {!props.autoStart && (
          <Button key="start" variant="primary" onClick={() => void start()} disabled={starting} data-testid={`${props.testId}-start`}>
            {starting ? (props.startingLabel ?? '正在开始…') : (props.startLabel ?? '开始')}
          </Button>
        )}
      </>
    );
  else if (job.state === 'running')
    footer = (
      <>
        <Button key="bg" onClick={props.onClose}>
          在后台继续
        </Button>
        <Button key="cancel" variant="danger" onClick={cancel}>
          取消
        </Button>
      </>
    );
  else
    footer = (
      <>
        {/* Refused or stopped: another file, another date, and try again. */}
        {job.state !== 'done' && props.form && (
          <Button key="again" onClick={() => setJobId(null)} className="dept-foot-left" data-testid={`${props.testId}-again`}>
            返回修改
          </Button>
        )}
        <Button key="done" variant="primary" onClick={props.onClose} data-testid={`${props.testId}-close`}>
          关闭
        </Button>
      </>
    );

  if (replacing != null)
    return (
      <Dialog
        title="替换已有的文件？"
        onClose={() => setReplacing(null)}
        width={520}
        testId="packet-replace"
        footer={
          <>
            {/* Nothing else to ask when it started by itself: not replacing is not doing it. */}
            <Button onClick={() => (props.autoStart ? props.onClose() : setReplacing(null))} data-testid="packet-replace-cancel">
              不替换
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                setReplacing(null);
                void start(true);
              }}
              data-testid="packet-replace-confirm"
            >
              替换
            </Button>
          </>
        }
      >
        <p>{replacing}</p>
        <p className="dept-muted">新文件完整写好后才替换旧文件。已发出的旧任务包仍然有效，责任单位用哪一份回传都能接收。</p>
      </Dialog>
    );

  const p = job?.progress;
  return (
    <Dialog title={props.title} onClose={props.onClose} width={620} testId={props.testId} footer={footer}>
      {!job && props.form}
      {job?.state === 'running' && (
        <div className="dept-job" data-testid="packet-job-progress">
          <p className="dept-job-phase">
            <span>{p?.phase ?? '正在准备…'}</span>
            {p && p.total > 0 && (
              <span className="dept-muted">
                {p.done} / {p.total}
              </span>
            )}
          </p>
          <ProgressBar value={p?.done ?? 0} max={p?.total ?? 0} />
          <p className="dept-muted ellipsis">{p?.detail || '\u00a0'}</p>
        </div>
      )}
      {job?.state === 'done' && (
        <div className="dept-job" data-testid="packet-job-done">
          <p className="dept-job-summary" role="status" data-testid="packet-job-summary">
            {jobWords(job)}
          </p>
          <OutputActions job={job} />
          {job.warnings.length > 0 && (
            <details className="dept-warnings" open={job.warnings.length <= 6}>
              <summary>提醒 {job.warnings.length} 条</summary>
              <ul>
                {job.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {job?.state === 'failed' && (
        <p className="tz-alert-error" role="alert" data-testid="packet-job-error">
          {job.error?.message ?? '没有完成，请重试。'}
        </p>
      )}
      {job?.state === 'cancelled' && <p role="status">已取消。</p>}
      {error && (
        <p className="tz-alert-error" role="alert" data-testid="packet-job-error">
          {error}
        </p>
      )}
    </Dialog>
  );
}
