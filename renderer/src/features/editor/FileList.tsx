// The files of an item: thumbnail, name, facts, role (正文, 签到表, 照片 …) and order (↑ ↓).
import { FILE_ROLES, FILE_ROLE_LABELS, type FileRole, type Item } from '../../../../shared/domain';
import { bridge, call } from '../../api/client';
import { Choice, IconButton } from '../../components';
import { failed, useReadOnly } from '../../state/app-state';
import { fileFacts, typeLabel } from './files';
import { useSaving } from './saving';

export function FileList({
  item,
  currentFile,
  onSelect,
  onSaved,
}: {
  item: Item;
  currentFile: number | null;
  onSelect(fileId: number): void;
  onSaved(item: Item): void;
}) {
  const saving = useSaving();
  const readOnly = !!useReadOnly();
  const update = async (fileId: number, change: { role?: FileRole; position?: number }) => {
    try {
      onSaved(await saving.track(call('files.update', { fileId, ...change })));
    } catch (e) {
      failed(e);
    }
  };
  if (item.files.length === 0) return <div className="muted small">这件材料没有文件。</div>;
  return (
    <div className="files" role="list" aria-label="文件" data-testid="files">
      {item.files.map((f, i) => (
        <div
          key={f.id}
          role="listitem"
          className={`file-row ${f.id === currentFile ? 'current' : ''}`}
          onClick={() => onSelect(f.id)}
          data-testid="file-row"
          data-file={f.id}
        >
          <div className="file-thumb">
            {f.thumbPath ? <img src={bridge.fileUrl(f.thumbPath)} alt="" draggable={false} /> : <span>{typeLabel(f.type).slice(0, 4)}</span>}
          </div>
          <div style={{ minWidth: 0 }}>
            <div className="file-name" title={f.name}>
              {f.name}
            </div>
            <div className={`file-meta ${f.warning ? 'warn' : ''}`} title={f.warning ?? fileFacts(f)}>
              {f.warning ? `⚠ ${f.warning}` : fileFacts(f)}
            </div>
          </div>
          <div className="file-tools" onClick={(e) => e.stopPropagation()}>
            <Choice
              options={FILE_ROLES}
              labels={FILE_ROLE_LABELS}
              aria-label={`“${f.name}”的用途`}
              value={f.role}
              onChange={(e) => void update(f.id, { role: e.target.value as FileRole })}
              disabled={readOnly}
              data-testid="file-role"
            />
            <IconButton icon="↑" label="上移" disabled={readOnly || i === 0} onClick={() => void update(f.id, { position: i - 1 })} data-testid="file-up" />
            <IconButton
              icon="↓"
              label="下移"
              disabled={readOnly || i === item.files.length - 1}
              onClick={() => void update(f.id, { position: i + 1 })}
              data-testid="file-down"
            />
          </div>
        </div>
      ))}
    </div>
  );
}
