// 批量填写照片说明: 地点, 人物, 摄影者, 背景/事由 and the time from each photo's EXIF, given once
// for many photos (of one item, or of the items selected in the list). What a photo already has
// is kept unless the clerk ticks 覆盖已填写的内容; the service says how many were filled and kept.
import { useEffect, useMemo, useState } from 'react';
import { CAPTION_LABELS, isCaptionedPhoto, type Caption, type Item, type StoredFile } from '../../../../shared/domain';
import { bridge, call, errorText } from '../../api/client';
import { Button, Dialog, Field, Loading, toast } from '../../components';
import { batchCaptions, closeBatchCaptions, type BatchCaptionRequest } from './batch-captions';
import { flushEdits } from './saving';

/** The fields given once for all: the title and the time differ from photo to photo. */
const FIELDS = ['place', 'people', 'photographer', 'subject'] as const satisfies readonly (keyof Caption)[];
type FieldKey = (typeof FIELDS)[number];

interface Photo {
  file: StoredFile;
  item: Item;
}

/** Mounted once by App: shows the dialog while one is asked for. */
export function BatchCaptionHost() {
  const request = batchCaptions.use((s) => s.request);
  if (!request) return null;
  return <BatchCaptionDialog key={request.items.join(',')} request={request} onClose={closeBatchCaptions} />;
}

/** Reads the items, a few at a time (a selection may hold hundreds). */
async function loadItems(ids: number[]): Promise<Item[]> {
  const out: Item[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      out[i] = await call('items.get', { id: ids[i] });
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, ids.length) }, worker));
  return out;
}

function BatchCaptionDialog({ request, onClose }: { request: BatchCaptionRequest; onClose(): void }) {
  const [photos, setPhotos] = useState<Photo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [ticked, setTicked] = useState<Set<number>>(new Set());
  const [values, setValues] = useState<Record<FieldKey, string>>({ place: '', people: '', photographer: '', subject: '' });
  const [timeFromExif, setTimeFromExif] = useState(true);
  const [overwrite, setOverwrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    // A caption typed in the editor and not yet left goes first, so that it counts as filled.
    void flushEdits()
      .then(() => loadItems(request.items))
      .then(
        (items) => {
          if (!live) return;
          const list = items.flatMap((item) => item.files.filter(isCaptionedPhoto).map((file) => ({ file, item })));
          setPhotos(list);
          const want = request.files ? new Set(request.files) : null;
          setTicked(new Set(list.filter((p) => !want || want.has(p.file.id)).map((p) => p.file.id)));
        },
        (e) => live && setLoadError(errorText(e)),
      );
    return () => {
      live = false;
    };
  }, [request]);

  const given = FIELDS.filter((k) => values[k].trim() !== '');
  const chosen = useMemo(() => photos?.filter((p) => ticked.has(p.file.id)) ?? [], [photos, ticked]);
  const itemCount = new Set(chosen.map((p) => p.item.id)).size;
  /** Photos where a field to be given is filled already (kept unless 覆盖). */
  const alreadyFilled = chosen.filter((p) => given.some((k) => p.file.caption[k].trim() !== '') || (timeFromExif && p.file.caption.time.trim() !== '')).length;
  const withoutExif = timeFromExif ? chosen.filter((p) => !p.file.exifTime).length : 0;
  const nothing = given.length === 0 && !timeFromExif;

  const submit = async () => {
    if (chosen.length === 0 || nothing) return;
    setBusy(true);
    setError(null);
    try {
      const caption = Object.fromEntries(given.map((k) => [k, values[k].trim()])) as Partial<Caption>;
      const r = await call('files.captionMany', { fileIds: chosen.map((p) => p.file.id), caption, overwrite, timeFromExif });
      const kept = r.kept > 0 ? `；${r.kept} 张照片已填写的内容保留不变` : '';
      toast(r.message || `已为 ${r.filled} 张照片填写说明${kept}。`, { kind: 'success', timeout: 8_000 });
      // The open item shows the new captions.
      window.dispatchEvent(new CustomEvent('tz-items-changed'));
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: number) =>
    setTicked((t) => {
      const next = new Set(t);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Dialog
      title="批量填写照片说明"
      onClose={onClose}
      width={640}
      testId="batch-captions-dialog"
      footer={
        <>
          <span className="batch-foot-note muted small" data-testid="batch-summary">
            {photos ? `已选 ${chosen.length} 张照片${itemCount > 1 ? `（${itemCount} 件材料）` : ''}` : ''}
          </span>
          <Button onClick={onClose}>取消</Button>
          <Button variant="primary" onClick={() => void submit()} disabled={busy || !photos || chosen.length === 0 || nothing} data-testid="batch-submit">
            {busy ? '正在填写…' : `填写 ${chosen.length} 张照片`}
          </Button>
        </>
      }
    >
      {loadError ? (
        <div className="tz-alert-error">{loadError}</div>
      ) : !photos ? (
        <Loading />
      ) : photos.length === 0 ? (
        <div className="muted">选中的材料里没有照片。</div>
      ) : (
        <div className="batch-body">
          <div className="batch-pick-head">
            <span>
              照片（{photos.length} 张{request.items.length > 1 ? `，来自 ${new Set(photos.map((p) => p.item.id)).size} 件材料` : ''}）
            </span>
            <span className="tz-spacer" />
            <Button small variant="link" onClick={() => setTicked(new Set(photos.map((p) => p.file.id)))} data-testid="batch-all">
              全选
            </Button>
            <Button small variant="link" onClick={() => setTicked(new Set())} data-testid="batch-none">
              全不选
            </Button>
          </div>
          <ul className="batch-photos" aria-label="要填写说明的照片" data-testid="batch-photos">
            {photos.map((p) => (
              <li key={p.file.id}>
                <label className={`batch-photo ${ticked.has(p.file.id) ? 'on' : ''}`} title={`${p.file.name}\n${p.item.title}`}>
                  <input type="checkbox" checked={ticked.has(p.file.id)} onChange={() => toggle(p.file.id)} data-testid="batch-photo" data-file={p.file.id} />
                  {p.file.thumbPath ? <img src={bridge.fileUrl(p.file.thumbPath)} alt={p.file.name} draggable={false} /> : <span className="small muted">{p.file.name.slice(0, 6)}</span>}
                </label>
              </li>
            ))}
          </ul>
          <div className="form-grid batch-fields">
            {FIELDS.map((k) => (
              <Field key={k} label={CAPTION_LABELS[k]}>
                {k === 'subject' ? (
                  <textarea rows={2} value={values[k]} onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))} data-testid={`batch-${k}`} />
                ) : (
                  <input
                    value={values[k]}
                    maxLength={500}
                    autoFocus={k === 'place'}
                    onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))}
                    placeholder={k === 'people' ? '如 县科协主席张华及志愿者' : k === 'photographer' ? '如 李晓明' : k === 'place' ? '如 城关镇文化广场' : undefined}
                    data-testid={`batch-${k}`}
                  />
                )}
              </Field>
            ))}
            <Field label="时间" hint={withoutExif ? `${withoutExif} 张照片没有拍摄时间，时间不填。` : undefined}>
              <label className="check-inline batch-check">
                <input type="checkbox" checked={timeFromExif} onChange={(e) => setTimeFromExif(e.target.checked)} data-testid="batch-exif" />
                按每张照片的拍摄时间填写
              </label>
            </Field>
          </div>
          <label className="check-inline batch-check batch-overwrite">
            <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} data-testid="batch-overwrite" />
            覆盖已填写的内容
          </label>
          <div className="muted small" data-testid="batch-note">
            {nothing
              ? '请至少填写一项，或勾选按拍摄时间填写。'
              : overwrite
                ? `所填的项目会替换这 ${chosen.length} 张照片上原有的内容；空着的项目不改。`
                : alreadyFilled
                  ? `其中 ${alreadyFilled} 张照片已填写过其中的项目，已填写的保留不变，只填空着的。`
                  : '只填空着的项目；空着的输入框不改动照片原有的说明。'}
          </div>
          {error && (
            <div className="tz-alert-error" role="alert" data-testid="batch-error">
              {error}
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}
