// 彻底删除: what goes is named before anything goes — how many items and files, how many stored
// originals and how much space come free (a file another item still uses stays), as the service
// counts them in a dry run. Nothing is purged without this.
import { useEffect, useState } from 'react';
import { sizeText } from '../../format';
import { Button, Dialog, Loading } from '../../components';
import { purgePreview, purgeTrash } from '../../state/trash';
import type { TrashPurgeResult } from '../../../../shared/api';
import { errorText } from '../../api/client';

/** ids: these items of the trash; null: all of it (清空回收站). */
export function PurgeDialog({ ids, onClose }: { ids: number[] | null; onClose(): void }) {
  const [facts, setFacts] = useState<TrashPurgeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    purgePreview(ids).then(
      (f) => live && setFacts(f),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [ids]);
  const go = async () => {
    setBusy(true);
    const r = await purgeTrash(ids);
    setBusy(false);
    if (r) onClose();
  };
  return (
    <Dialog
      title={ids ? '彻底删除选中的材料' : '清空回收站'}
      onClose={onClose}
      testId="purge-dialog"
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button variant="danger" onClick={() => void go()} disabled={busy || !facts || (facts.items === 0 && facts.originals === 0)} data-testid="purge-confirm">
            彻底删除
          </Button>
        </>
      }
    >
      {error ? (
        <p className="warn">{error}</p>
      ) : !facts ? (
        <Loading />
      ) : (
        <div data-testid="purge-facts">
          <p style={{ marginTop: 0 }}>
            将彻底删除 <b>{facts.items}</b> 件材料、<b>{facts.files}</b> 个文件
            {facts.originals > 0 ? (
              <>
                ，从档案中删除 <b>{facts.originals}</b> 个不再使用的原件，释放 <b>{sizeText(facts.bytes)}</b> 空间。
              </>
            ) : (
              '；它们的原件仍被其他材料使用，不会释放空间。'
            )}
          </p>
          <p className="muted small">
            其他材料仍在使用的文件会保留。{ids ? '' : '从材料中移出、已没有材料使用的文件也一并删除。'}彻底删除后不能恢复，也不能撤销。
          </p>
        </div>
      )}
    </Dialog>
  );
}
