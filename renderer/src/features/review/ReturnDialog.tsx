// 退回…: the reason the department will read (in its next 任务包, or on the LAN in its 填报 view),
// asked before the items go back. A few reasons clerks give most are one click away.
import { useState } from 'react';
import { Button, Dialog } from '../../components';
import { app } from '../../state/app-state';
import { returnAsked, returnItems } from './review-actions';
import './review.css';

const COMMON = ['照片缺少说明', '日期不在创建时段内', '缺少签到表', '文件看不清，请重新扫描', '与指标要求不符'];
const MAX = 500;

/** Mounted once (in the list): shows while askReturn(ids) has asked. */
export function ReturnDialogHost() {
  const { ids, title } = returnAsked.use();
  if (!ids) return null;
  return <ReturnDialog key={ids.join(',')} ids={ids} itemTitle={title} onClose={() => returnAsked.set({ ids: null, title: null })} />;
}

function ReturnDialog({ ids, itemTitle, onClose }: { ids: number[]; itemTitle: string | null; onClose(): void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = (app.get().items ?? []).filter((r) => ids.includes(r.id));
  const departments = [...new Set(rows.map((r) => r.submission?.department).filter((d): d is string => !!d))];
  const one = rows.length === 1 ? rows[0] : null;
  const name = itemTitle ?? (one && ids.length === 1 ? (one.titleSupplied ? `[${one.title}]` : one.title) : null);
  const title = name ? `退回《${name.length > 30 ? `${name.slice(0, 29)}…` : name}》` : `退回 ${ids.length} 件材料`;

  const go = async () => {
    const text = reason.trim();
    if (!text) return setProblem('请写明退回原因，责任单位要照着改。');
    if (text.length > MAX) return setProblem(`退回原因不能超过 ${MAX} 个字。`);
    setBusy(true);
    const r = await returnItems(ids, text);
    setBusy(false);
    if (r) onClose();
  };
  const add = (words: string) => {
    setProblem(null);
    setReason((r) => (r.trim() ? `${r.trim().replace(/[；;，,。]$/, '')}；${words}` : words));
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId="return-dialog"
      width={520}
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button variant="danger" onClick={() => void go()} disabled={busy} data-testid="return-confirm">
            退回
          </Button>
        </>
      }
    >
      <div className="return-body">
        <p>
          {departments.length ? `退回给${departments.join('、')}。` : ''}
          退回的材料不计入自查和导出；原因随下一个任务包（局域网上在填报页面）告诉责任单位，改好后重新提交，成为新的一版。
        </p>
        <label htmlFor="return-reason" className="muted small">
          退回原因
        </label>
        <textarea
          id="return-reason"
          className="tz-input"
          value={reason}
          maxLength={MAX + 50}
          onChange={(e) => {
            setReason(e.target.value);
            setProblem(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void go();
          }}
          placeholder="例如：照片缺少说明，请补上时间、地点和事由"
          aria-invalid={problem ? true : undefined}
          data-testid="return-reason"
        />
        <div className="return-quick" aria-label="常用原因">
          {COMMON.map((w) => (
            <Button key={w} small onClick={() => add(w)} data-testid="return-common">
              {w}
            </Button>
          ))}
        </div>
        {problem && (
          <div className="tz-field-error" role="alert" data-testid="return-problem">
            {problem}
          </div>
        )}
      </div>
    </Dialog>
  );
}
