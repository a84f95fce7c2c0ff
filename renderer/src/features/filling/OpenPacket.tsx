// 打开任务包 on the welcome page, for a department: the 创建办's zip and an empty folder for the
// department's own archive (填报模式). The desktop picks both; the web version uploads the zip
// and takes the folder as a path on this computer.
import { useState, type FormEvent } from 'react';
import type { SessionState } from '../../../../shared/api';
import type { PacketOpenReport } from '../../../../shared/collect-types';
import { call, errorText, isDesktop, uploadFiles } from '../../api/client';
import { Button, toast } from '../../components';
import { FilePick } from '../departments/FilePick';
import './filling.css';

/** What opening a 任务包 did, in one line: a new 填报 archive, or what a later packet changed in it. */
export function openedWords(p: PacketOpenReport): string {
  const u = p.update;
  if (!u) return `已打开${p.department}的任务包：${p.indicators} 个指标${p.returned ? `，${p.returned} 件材料退回待更正` : ''}${p.deadline ? `，截止 ${p.deadline}` : ''}。`;
  if (u.again) return '这个任务包此前已经打开过，填报档案没有改动。';
  const parts = [
    u.added.length ? `新增指标 ${u.added.join('、')}` : '',
    u.dropped.length ? `指标 ${u.dropped.join('、')} 不再由本单位负责（已填的材料保留，不再放入回传包）` : '',
    u.returnedNew + u.returnedKnown ? `${u.returnedNew + u.returnedKnown} 件材料退回待更正` : '',
    u.restored ? `${u.restored} 件删除过的退回材料已恢复` : '',
    u.reviewed ? `${u.reviewed} 件材料有了审核结果` : '',
  ].filter(Boolean);
  return `已用新的任务包更新填报档案${parts.length ? `：${parts.join('；')}` : '，已填的材料都保留'}。${p.deadline ? `截止 ${p.deadline}。` : ''}`;
}

export function OpenPacketCard(props: { onOpened(state: SessionState): void; onFocus?(): void }) {
  const [picked, setPicked] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [dir, setDir] = useState('');
  const [busy, setBusy] = useState<null | 'upload' | 'open'>(null);
  const [error, setError] = useState<string | null>(null);

  const pickZip = async () => {
    try {
      const files = await call('desktop.pickFiles', { purpose: 'evidence' });
      if (files[0]) setPicked(files[0]);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const pickDir = async () => {
    try {
      const d = await call('desktop.pickFolder', { purpose: 'create' });
      if (d) setDir(d);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const open = async (e: FormEvent) => {
    e.preventDefault();
    const name = isDesktop ? picked.trim() : (file?.name ?? '');
    if (!name) return setError('请先选择创建办发来的任务包（zip 文件）。');
    if (!/\.zip$/i.test(name)) return setError('任务包是 zip 文件（例如“任务包-县科协.zip”），请不要解压后再打开。');
    if (!dir.trim()) return setError('请填写填报档案放在哪个文件夹（一个空文件夹或还不存在的文件夹）。');
    setError(null);
    try {
      let zip = picked.trim();
      if (!isDesktop) {
        setBusy('upload');
        const { roots, skipped } = await uploadFiles([file!], undefined);
        if (!roots[0]) throw new Error(skipped[0]?.message ?? '任务包没有上传成功，请重试。');
        zip = roots[0];
      }
      setBusy('open');
      const state = await call('archive.openPacket', { file: zip, dir: dir.trim() });
      toast(openedWords(state.packet), { kind: 'success' });
      props.onOpened(state);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <form className="tz-card open-packet" onSubmit={(e) => void open(e)} onFocus={props.onFocus} aria-labelledby="welcome-packet-title" data-testid="welcome-packet" noValidate>
      <h2 id="welcome-packet-title">打开任务包</h2>
      <p className="welcome-note">责任单位用：打开创建办发来的任务包，在自己的电脑上填报材料，再生成回传包交回。</p>
      <div className="welcome-stack">
        <label htmlFor="welcome-packet-file">任务包</label>
        {isDesktop ? (
          <span className="welcome-path">
            <input id="welcome-packet-file" className="tz-input" value={picked} onChange={(e) => setPicked(e.target.value)} placeholder="任务包-单位名称.zip" spellCheck={false} />
            <Button onClick={() => void pickZip()}>选择…</Button>
          </span>
        ) : (
          <FilePick id="welcome-packet-file" file={file} onPick={setFile} label="选择任务包…" testId="welcome-packet-file" />
        )}
      </div>
      <div className="welcome-stack">
        <label htmlFor="welcome-packet-dir">填报档案放在</label>
        <span className="welcome-path">
          <input id="welcome-packet-dir" className="tz-input" value={dir} onChange={(e) => setDir(e.target.value)} placeholder="空文件夹，或本单位已有的填报档案" spellCheck={false} data-testid="welcome-packet-dir" />
          {isDesktop && <Button onClick={() => void pickDir()}>选择文件夹…</Button>}
        </span>
        <small>
          {isDesktop ? '' : '本机上的文件夹路径。'}第一次用一个空文件夹；收到新的任务包时选本单位已有的填报档案，已填的材料都会保留。
        </small>
      </div>
      {error && (
        <p className="tz-alert-error" role="alert" data-testid="welcome-packet-error">
          {error}
        </p>
      )}
      <div className="welcome-actions">
        <Button type="submit" disabled={busy != null} data-testid="welcome-packet-submit">
          {busy === 'upload' ? '正在上传…' : busy === 'open' ? '正在打开…' : '打开任务包'}
        </Button>
      </div>
    </form>
  );
}
