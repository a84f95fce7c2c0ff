// 打开任务包 on the welcome page, for a department: the 创建办's zip and an empty folder for the
// department's own archive (填报模式). The desktop picks both; the web version uploads the zip
// and takes the folder as a path on this computer.
import { useState, type FormEvent } from 'react';
import type { SessionState } from '../../../../shared/api';
import { call, errorText, isDesktop, uploadFiles } from '../../api/client';
import { Button, toast } from '../../components';
import { FilePick } from '../departments/FilePick';
import './filling.css';

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
      const p = state.packet;
      toast(
        `已打开${p.department}的任务包：${p.indicators} 个指标${p.returned ? `，${p.returned} 件材料退回待更正` : ''}${p.deadline ? `，截止 ${p.deadline}` : ''}。`,
        { kind: 'success' },
      );
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
          <input id="welcome-packet-dir" className="tz-input" value={dir} onChange={(e) => setDir(e.target.value)} placeholder="一个空文件夹" spellCheck={false} data-testid="welcome-packet-dir" />
          {isDesktop && <Button onClick={() => void pickDir()}>选择文件夹…</Button>}
        </span>
        {!isDesktop && <small>本机上的文件夹路径；以后在“打开档案”中打开它继续填报。</small>}
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
