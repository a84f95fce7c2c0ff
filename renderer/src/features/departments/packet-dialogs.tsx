// The three things the 创建办 sends and receives: 导出任务包 (one department or all, with the
// deadline for assignments that have none), 接收回传包 (a zip chosen on the desktop, uploaded in
// the web version), and 打印催报单 (PDF).
import { useState } from 'react';
import type { JobInfo } from '../../../../shared/api';
import { call, isDesktop, uploadFiles } from '../../api/client';
import { failed } from '../../state/app-state';
import { FilePick } from './FilePick';
import { PacketJobDialog } from './packet-job';

/** 导出任务包: `department` one, else every department's into one folder. */
export function SendDialog(props: { department?: string; onClose(): void }) {
  const [deadline, setDeadline] = useState('');
  const who = props.department ?? '全部责任单位';
  return (
    <PacketJobDialog
      title={props.department ? `导出任务包：${props.department}` : '导出全部任务包'}
      testId="send-packet"
      startLabel="导出任务包"
      spec={() => ({ kind: 'export-packet', ...(props.department && { department: props.department }), ...(deadline && { deadline }) })}
      onClose={props.onClose}
      form={
        <div className="dept-form" data-testid="send-packet-form">
          <p>
            为<b>{who}</b>生成任务包（zip 文件）：其负责的指标、评分标准和目标、截止日期、创建办的说明，以及退回待更正的材料和退回原因。包内每个文件都有校验码，拷贝或邮件途中被改动会被发现。
          </p>
          <label className="dept-inline">
            截止日期
            <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} data-testid="send-packet-deadline" />
          </label>
          <p className="dept-muted">只用于还没有截止日期的指标；已单独设置的截止日期不变。不填则不设。</p>
          {!props.department && <p className="dept-muted">每个责任单位一个 zip 文件，放在导出文件夹的“任务包”文件夹中。</p>}
          <p className="dept-muted">把任务包用 U 盘或电子邮件交给责任单位；对方用本软件“打开任务包”填报，再生成回传包交回。</p>
        </div>
      }
    />
  );
}

/** 接收回传包: one zip at a time; the report says what came in, or why the whole packet was refused. */
export function ReceiveDialog(props: { onClose(): void; onEnd?(job: JobInfo): void }) {
  const [picked, setPicked] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);

  const choose = () =>
    void call('desktop.pickFiles', { purpose: 'evidence' }).then((files) => {
      if (files[0]) setPicked(files[0]);
    }, failed);

  const spec = async () => {
    if (isDesktop) {
      if (!picked) return '请先选择责任单位交回的回传包（zip 文件）。';
      return { kind: 'import-packet' as const, paths: [picked] };
    }
    if (!file) return '请先选择责任单位交回的回传包（zip 文件）。';
    if (!/\.zip$/i.test(file.name)) return `“${file.name}”不是 zip 文件。回传包是责任单位用本软件生成的 zip 文件，请不要解压后再交回。`;
    const { roots, skipped } = await uploadFiles([file], undefined);
    if (!roots.length) return skipped[0]?.message ?? '回传包没有上传成功，请重试。';
    return { kind: 'import-packet' as const, paths: [roots[0]] };
  };

  return (
    <PacketJobDialog
      title="接收回传包"
      testId="receive-packet"
      startLabel="接收"
      startingLabel={isDesktop ? '正在开始…' : '正在上传…'}
      spec={spec}
      onEnd={props.onEnd}
      onClose={props.onClose}
      form={
        <div className="dept-form" data-testid="receive-packet-form">
          <p>选择责任单位交回的回传包（zip 文件）。接收前逐个核对文件的校验码：任何一个文件被改动，整个回传包都不接收，并说明是哪个文件。</p>
          {isDesktop ? (
            <div className="dept-inline">
              <button type="button" className="tz-btn" onClick={choose}>
                选择回传包…
              </button>
              <span className="ellipsis" title={picked ?? ''}>
                {picked ?? '还没有选择'}
              </span>
            </div>
          ) : (
            <FilePick file={file} onPick={setFile} label="选择回传包…" testId="receive-packet-file" />
          )}
          <p className="dept-muted">新材料归到对应指标下，标明提交单位和接收时间，等待审核；更正后的材料替换退回的版本（旧版本保留）。同一个回传包接收两次不会重复。</p>
        </div>
      }
    />
  );
}

/** 打印催报单: one department's or every department's, as a PDF to print and send. */
export function ReminderDialog(props: { department?: string; onClose(): void }) {
  return (
    <PacketJobDialog
      title={props.department ? `催报单：${props.department}` : '催报单（全部责任单位）'}
      testId="reminder"
      autoStart
      spec={{ kind: 'export-reminder', ...(props.department && { department: props.department }) }}
      onClose={props.onClose}
    />
  );
}
