// 修改选中材料: 类别, 日期, 部门, 责任者, 密级, 保管期限 set on every item of a selection at once.
// Only the fields ticked change; the others keep each item's own value.
import { useState } from 'react';
import type { ArgsOf } from '../../../../shared/api';
import { ITEM_KINDS, ITEM_KIND_LABELS, RETENTIONS, RETENTION_LABELS, type ItemKind, type Retention } from '../../../../shared/domain';
import { call } from '../../api/client';
import { Button, Choice, Dialog } from '../../components';
import { app } from '../../state/app-state';
import { itemsAction } from '../../state/selection';

type Patch = ArgsOf<'items.updateMany'>['patch'];
type Key = 'kind' | 'date' | 'department' | 'responsible' | 'secrecy' | 'retention';

const LABELS: Record<Key, string> = { kind: '类别', date: '日期', department: '部门', responsible: '责任者', secrecy: '密级', retention: '保管期限' };

export function BulkEditDialog({ ids, focus, onClose }: { ids: number[]; focus?: Key; onClose(): void }) {
  const items = app.use((s) => s.items);
  // What the selection has in common starts in the fields (a kind all share, a date all share).
  const rows = (items ?? []).filter((i) => ids.includes(i.id));
  const common = <T,>(get: (r: (typeof rows)[number]) => T, fallback: T): T => (rows.length && rows.every((r) => get(r) === get(rows[0])) ? get(rows[0]) : fallback);
  const [on, setOn] = useState<Record<Key, boolean>>({ kind: focus === 'kind', date: focus === 'date', department: focus === 'department', responsible: focus === 'responsible', secrecy: focus === 'secrecy', retention: false });
  const [kind, setKind] = useState<ItemKind>(common((r) => r.kind, 'activity'));
  const [date, setDate] = useState(common((r) => r.date ?? '', ''));
  const [department, setDepartment] = useState(common((r) => r.department, ''));
  const [responsible, setResponsible] = useState('');
  const [secrecy, setSecrecy] = useState('');
  const [retention, setRetention] = useState<Retention | ''>('');
  const [busy, setBusy] = useState(false);

  const patch: Patch = {};
  if (on.kind) patch.kind = kind;
  if (on.date) patch.date = date || null;
  if (on.department) patch.department = department.trim();
  if (on.responsible) patch.responsible = responsible.trim();
  if (on.secrecy) patch.secrecy = secrecy.trim();
  if (on.retention) patch.retention = retention || null;
  const count = Object.keys(patch).length;

  const save = async () => {
    setBusy(true);
    const r = await itemsAction(() => call('items.updateMany', { ids, patch }));
    setBusy(false);
    if (r) onClose();
  };

  const tick = (k: Key) => (
    <input type="checkbox" checked={on[k]} onChange={(e) => setOn({ ...on, [k]: e.target.checked })} aria-label={`修改${LABELS[k]}`} data-testid={`bulk-on-${k}`} />
  );
  const touch = (k: Key) => () => on[k] || setOn({ ...on, [k]: true });
  return (
    <Dialog
      title={`修改 ${ids.length} 件材料`}
      onClose={onClose}
      testId="bulk-edit"
      width={480}
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button variant="primary" onClick={() => void save()} disabled={busy || count === 0} data-testid="bulk-save">
            {count ? `修改 ${count} 项` : '修改'}
          </Button>
        </>
      }
    >
      <p className="muted small" style={{ margin: '0 0 8px' }}>
        勾选要修改的项，其余各项保留每件材料原来的内容。
      </p>
      <div className="sel-bulk">
        {tick('kind')}
        <label>{LABELS.kind}</label>
        <Choice options={ITEM_KINDS} labels={ITEM_KIND_LABELS} className="tz-input" value={kind} onChange={(e) => (setKind(e.target.value as ItemKind), touch('kind')())} data-testid="bulk-kind" />
        {tick('date')}
        <label>{LABELS.date}</label>
        <input type="date" className="tz-input" value={date} onChange={(e) => (setDate(e.target.value), touch('date')())} data-testid="bulk-date" title="留空：清除日期" />
        {tick('department')}
        <label>{LABELS.department}</label>
        <input className="tz-input" value={department} onChange={(e) => (setDepartment(e.target.value), touch('department')())} data-testid="bulk-department" />
        {tick('responsible')}
        <label>{LABELS.responsible}</label>
        <input className="tz-input" value={responsible} onChange={(e) => (setResponsible(e.target.value), touch('responsible')())} data-testid="bulk-responsible" />
        {tick('secrecy')}
        <label>{LABELS.secrecy}</label>
        <input className="tz-input" value={secrecy} placeholder="公开" list="tz-bulk-secrecy" onChange={(e) => (setSecrecy(e.target.value), touch('secrecy')())} data-testid="bulk-secrecy" />
        {tick('retention')}
        <label>{LABELS.retention}</label>
        <Choice
          options={RETENTIONS}
          labels={RETENTION_LABELS}
          empty="按项目设置"
          className="tz-input"
          value={retention}
          onChange={(e) => (setRetention(e.target.value as Retention | ''), touch('retention')())}
          data-testid="bulk-retention"
        />
      </div>
      <datalist id="tz-bulk-secrecy">
        <option value="公开" />
        <option value="内部" />
        <option value="秘密" />
      </datalist>
    </Dialog>
  );
}
