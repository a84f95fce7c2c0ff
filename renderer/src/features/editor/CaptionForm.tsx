// 照片说明 of one photo: 题名 时间 地点 人物 背景/事由 摄影者. Each field saves on leaving it, and
// what is still typed is sent when another photo or item is shown; empty fields print what the
// placeholder shows (from the item or the photo's EXIF time).
import { useEffect, useRef, useState } from 'react';
import { CAPTION_LABELS, type Caption, type Item, type StoredFile } from '../../../../shared/domain';
import { captionTime } from '../../../../shared/names';
import { call, errorText } from '../../api/client';
import { Button, Field, toast } from '../../components';
import { useReadOnly } from '../../state/app-state';
import { useFormSaving } from './saving';

const KEYS = Object.keys(CAPTION_LABELS) as (keyof Caption)[];

/** What the dossier prints when the field is left empty (the same rule as the self-check). */
function fallback(k: keyof Caption, file: StoredFile, item: Item): string {
  switch (k) {
    case 'title':
      return item.title;
    case 'time':
      return file.exifTime ? captionTime(file.exifTime) : (item.date ?? '');
    case 'place':
      return item.location;
    case 'subject':
      return item.description;
    default:
      return '';
  }
}

export function CaptionForm({ file, item, onSaved }: { file: StoredFile; item: Item; onSaved(file: StoredFile): void }) {
  const [draft, setDraft] = useState<Partial<Caption>>({});
  const [errors, setErrors] = useState<Partial<Record<keyof Caption, string>>>({});
  const readOnly = !!useReadOnly();
  const latest = useRef({ file, draft });
  latest.current = { file, draft };
  /** Values sent and not yet answered: not unsaved, and not to be sent twice. */
  const inflight = useRef<Partial<Caption>>({});
  const formId = `caption:${file.id}`;
  const { saving, mounted } = useFormSaving(formId, () => unsent(file, draft).length > 0, () => save());

  useEffect(() => {
    setDraft({});
    setErrors({});
  }, [file.id]);

  const unsent = (f: StoredFile, d: Partial<Caption>) => KEYS.filter((k) => d[k] !== undefined && d[k] !== f.caption[k] && d[k] !== inflight.current[k]);


  const save = async (keys?: (keyof Caption)[], override?: Partial<Caption>) => {
    if (readOnly) return;
    const { file: f, draft: d } = latest.current;
    const all = { ...d, ...override };
    const asked = keys ?? KEYS;
    const dirty = asked.filter((k) => all[k] !== undefined && all[k] !== f.caption[k] && all[k] !== inflight.current[k]);
    const clean = asked.filter((k) => !dirty.includes(k) && all[k] !== inflight.current[k]);
    if (clean.length && mounted.current) setErrors((e) => ({ ...e, ...Object.fromEntries(clean.map((k) => [k, undefined])) }));
    if (dirty.length === 0) return;
    const caption = Object.fromEntries(dirty.map((k) => [k, all[k]!.trim()])) as Partial<Caption>;
    for (const k of dirty) inflight.current[k] = all[k];
    const settle = () => {
      for (const k of dirty) if (inflight.current[k] === all[k]) delete inflight.current[k];
    };
    try {
      const saved = await saving.track(call('items.caption', { fileId: f.id, caption }));
      settle();
      setDraft((cur) => {
        const next = { ...cur };
        for (const k of dirty) if (next[k] === all[k]) delete next[k];
        return next;
      });
      setErrors((e) => ({ ...e, ...Object.fromEntries(dirty.map((k) => [k, undefined])) }));
      onSaved(saved);
    } catch (e) {
      settle();
      const msg = errorText(e);
      if (!mounted.current) toast(`照片“${f.name}”的说明没有保存：${msg}`, { kind: 'error' });
      setErrors((er) => ({ ...er, ...Object.fromEntries(dirty.map((k) => [k, msg])) }));
      setDraft((cur) => ({ ...cur }));
    }
  };



  const exif = file.exifTime ? captionTime(file.exifTime) : null;
  return (
    <div className="caption-grid" data-testid="caption-form" data-file={file.id}>
      {KEYS.map((k) => {
        const fb = fallback(k, file, item);
        return (
          <Field
            key={k}
            label={CAPTION_LABELS[k]}
            error={errors[k]}
            hint={
              k === 'time' && exif && captionTime(draft.time ?? file.caption.time) !== exif ? (
                <span className="exif-hint">
                  照片拍摄时间：{exif}
                  {!readOnly && (
                    <Button
                      small
                      variant="link"
                      className="exif-fill"
                      title={`填入照片拍摄时间 ${exif}`}
                      onClick={() => {
                        setDraft((d) => ({ ...d, time: exif }));
                        void save(['time'], { time: exif });
                      }}
                      data-testid="caption-exif-fill"
                    >
                      用拍摄时间
                    </Button>
                  )}
                </span>
              ) : undefined
            }
          >
            {k === 'subject' ? (
              <textarea
                rows={2}
                readOnly={readOnly}
                aria-label={`照片说明：${CAPTION_LABELS[k]}`}
                value={draft[k] ?? file.caption[k]}
                placeholder={fb ? `留空时打印：${fb}` : undefined}
                onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
                onBlur={() => void save([k])}
                data-testid={`caption-${k}`}
              />
            ) : (
              <input
                readOnly={readOnly}
                aria-label={`照片说明：${CAPTION_LABELS[k]}`}
                value={draft[k] ?? file.caption[k]}
                placeholder={fb ? `留空时打印：${fb}` : k === 'time' ? '如 2023-03-08 09:30' : undefined}
                title={fb ? `留空时打印：${fb}` : undefined}
                onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
                onBlur={() => void save([k])}
                onKeyDown={(e) => e.key === 'Enter' && void save([k])}
                data-testid={`caption-${k}`}
              />
            )}
          </Field>
        );
      })}
    </div>
  );
}
