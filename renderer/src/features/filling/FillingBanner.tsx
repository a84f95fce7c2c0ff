// 填报模式: a department's own archive, opened from the 创建办's 任务包. Under the top bar it says
// for whom and by when, what the 创建办 asked, and which items came back for correction and why;
// the top bar's 导出 gives way to 生成回传包, the one thing this archive sends. A department's
// account on the LAN server sees the same banner (在线填报), read from its own department's page.
import { useEffect, useState } from 'react';
import type { ItemSummary, SessionState } from '../../../../shared/api';
import type { FillingInfo } from '../../../../shared/collect-types';
import { call, errorText, isDesktop, uploadFiles } from '../../api/client';
import { Button, Dialog, toast } from '../../components';
import { app, failed, openItem, reloadTree, showView, startSession } from '../../state/app-state';
import { onArchiveChanged } from '../../state/changes';
import { FilePick } from '../departments/FilePick';
import { PacketJobDialog } from '../departments/packet-job';
import { openedWords } from './OpenPacket';
import './filling.css';

/** The banner's height, for what lies under the top bar (the self-check drawer). */
export const FILLING_BAR = 36;

/**
 * A department's account on the LAN server: what its banner says, from its department (deadline,
 * the 创建办's note); null for everyone else.
 */
export function useLiveFilling(session: SessionState): FillingInfo | null {
  const department = session.door === 'lan' && session.actor.role === 'department' ? session.actor.department : null;
  const office = session.archive?.campaign.name ?? '';
  const [info, setInfo] = useState<FillingInfo | null>(null);
  useEffect(() => {
    if (!department) {
      setInfo(null);
      return;
    }
    let live = true;
    const load = () =>
      void call('departments.get', { name: department }).then(
        (d) => live && setInfo({ department, office, packetId: '', deadline: d.department.nextDeadline, returns: 0, note: d.department.note }),
        () => live && setInfo({ department, office, packetId: '', deadline: null, returns: 0, note: '' }),
      );
    load();
    const stop = onArchiveChanged(load, 800);
    return () => {
      live = false;
      stop();
    };
  }, [department, office]);
  return info;
}

/** `live`: a LAN account filing straight into the 创建办's archive (no packet, no 回传包). */
export function FillingBanner({ filling, live = false }: { filling: FillingInfo; live?: boolean }) {
  const [returned, setReturned] = useState<ItemSummary[]>([]);
  const [open, setOpen] = useState(false);
  const [later, setLater] = useState(false);

  useEffect(() => {
    const load = () =>
      void call('items.list', { review: 'returned' }).then(
        (items) => setReturned(items.filter((i) => !i.deletedAt)),
        () => setReturned([]),
      );
    load();
    return onArchiveChanged(load, 800);
  }, []);

  const goto = (it: ItemSummary) => {
    setOpen(false);
    showView(it.indicators[0] ? { kind: 'indicator', code: it.indicators[0] } : { kind: 'inbox' });
    openItem(it.id);
  };

  const mode = live ? '在线填报' : '填报模式';
  const text = `${mode}：${filling.department} · 任务来自 ${filling.office}${filling.deadline ? ` · 截止 ${filling.deadline}` : ''}`;
  return (
    <>
      {/* The dialog outside the bar, which sets its own colour and keeps to one line. */}
      {later && <LaterPacket onClose={() => setLater(false)} />}
      <div className="filling-bar" role="status" data-testid="filling-banner">
        <span className="filling-who" title={text}>
          <b>{mode}</b>：{filling.department}
          <span className="filling-sep">·</span>任务来自 {filling.office}（创建办）
          {filling.deadline && (
            <>
              <span className="filling-sep">·</span>截止 <b data-testid="filling-deadline">{filling.deadline}</b>
            </>
          )}
        </span>
        {filling.note && (
          <span className="filling-note" title={filling.note} data-testid="filling-note">
            创建办的说明：{filling.note}
          </span>
        )}
        <span className="tz-spacer" />
        {returned.length > 0 && (
          <span className="filling-returned">
            <button type="button" className="filling-returned-btn" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="filling-returned">
              退回待更正 {returned.length} 件
            </button>
            {open && (
              <ul className="filling-returned-list" role="menu" data-testid="filling-returned-list">
                {returned.map((it) => (
                  <li key={it.id} role="menuitem">
                    <button type="button" onClick={() => goto(it)}>
                      <span className="filling-returned-title">{it.title}</span>
                      <span className="filling-returned-reason">退回原因：{it.submission?.reason || '（未写明）'}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </span>
        )}
        {filling.returns > 0 && <span className="filling-count">已生成回传包 {filling.returns} 次</span>}
        {!live && (
          <button type="button" className="filling-later" onClick={() => setLater(true)} title="创建办又发来了任务包（新的指标、截止日期或退回的材料）：在这个档案里打开，已填的材料都保留" data-testid="filling-later">
            打开新的任务包…
          </button>
        )}
      </div>
    </>
  );
}

/** 生成回传包: in place of 导出 in the top bar. */
export function ReturnButton() {
  const [open, setOpen] = useState(false);
  const filling = app.use((s) => s.session?.archive?.filling ?? null);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} title="把填好的材料和结论性说明打成回传包，交回创建办" data-testid="open-return">
        生成回传包
      </Button>
      {open && (
        <PacketJobDialog
          title="生成回传包"
          testId="make-return"
          startLabel="生成回传包"
          spec={{ kind: 'export-return' }}
          onClose={() => setOpen(false)}
          onEnd={(job) => {
            // The count of returns in the banner comes from the session.
            if (job.state === 'done') void call('session.state', {}).then((s) => app.set({ session: s }), () => undefined);
          }}
          form={
            <div className="dept-form" data-testid="make-return-form">
              <p>
                把<b>{filling?.department ?? '本单位'}</b>填好的材料、照片说明和结论性说明打成一个回传包（zip 文件），用 U 盘或电子邮件交回{filling?.office ?? '创建办'}。
              </p>
              <p className="dept-muted">回传包中每个文件都有校验码，请不要解压或修改它。之后补充或更正了材料，可以再生成一份：创建办只接收新增和改动的部分。</p>
            </div>
          }
        />
      )}
    </>
  );
}

/**
 * A later 任务包 from the 创建办, opened into this 填报 archive: its indicators, deadlines and
 * returned items brought up to date, everything filed here kept.
 */
function LaterPacket(props: { onClose(): void }) {
  const dir = app.use((s) => s.session?.archive?.dir ?? '');
  const [picked, setPicked] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = () =>
    void call('desktop.pickFiles', { purpose: 'evidence' }).then((files) => {
      if (files[0]) setPicked(files[0]);
    }, failed);

  const open = async () => {
    const name = isDesktop ? picked : (file?.name ?? '');
    if (!name) return setError('请先选择创建办新发来的任务包（zip 文件）。');
    if (!/\.zip$/i.test(name)) return setError('任务包是 zip 文件，请不要解压后再打开。');
    setBusy(true);
    setError(null);
    try {
      let zip = picked;
      if (!isDesktop) {
        const { roots, skipped } = await uploadFiles([file!], undefined);
        if (!roots[0]) throw new Error(skipped[0]?.message ?? '任务包没有上传成功，请重试。');
        zip = roots[0];
      }
      const state = await call('archive.openPacket', { file: zip, dir });
      toast(openedWords(state.packet), { kind: 'success', timeout: 0 });
      props.onClose();
      // The archive was opened afresh: the screens start again from it.
      startSession(state);
      void reloadTree();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="打开新的任务包"
      onClose={props.onClose}
      width={560}
      testId="later-packet"
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" onClick={() => void open()} disabled={busy} data-testid="later-packet-open">
            {busy ? '正在打开…' : '打开'}
          </Button>
        </>
      }
    >
      <div className="dept-form">
        <p>创建办又发来了任务包（调整了指标或截止日期，或退回了材料）：在这个填报档案里打开它。已填的材料、照片说明和结论性说明都保留，退回的材料标出退回原因。</p>
        {isDesktop ? (
          <div className="dept-inline">
            <Button onClick={choose}>选择任务包…</Button>
            <span className="ellipsis" title={picked}>
              {picked || '还没有选择'}
            </span>
          </div>
        ) : (
          <FilePick file={file} onPick={setFile} label="选择任务包…" testId="later-packet-file" />
        )}
        {error && (
          <p className="tz-alert-error" role="alert" data-testid="later-packet-error">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
