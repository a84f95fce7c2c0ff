// 查看识别文字: the text read from the file shown in the preview, page by page (a PDF's own text
// or what OCR read from a scan or a photo), so the clerk can see where a suggestion came from.
import { useEffect, useState } from 'react';
import { IMAGE_TYPES, type StoredFile } from '../../../../shared/domain';
import type { PageText } from '../../../../shared/text-types';
import { call, errorText } from '../../api/client';
import { Button, Loading } from '../../components';
import './suggestions.css';

/** Files the reader reads: PDFs and images (a video or a spreadsheet has no page text). */
export function hasPageText(file: StoredFile): boolean {
  return file.type === 'pdf' || IMAGE_TYPES.has(file.type);
}

const ENGINES: Record<string, string> = { pdfjs: 'PDF 自带文字', paddle: '文字识别', tesseract: '文字识别（tesseract）' };

export function FileText({ file }: { file: StoredFile }) {
  const [open, setOpen] = useState(false);
  const [pages, setPages] = useState<PageText[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    const load = () =>
      void call('files.text', { fileId: file.id }).then(
        (p) => live && (setPages(p), setError(null)),
        (e) => live && setError(errorText(e)),
      );
    setPages(null);
    load();
    // The reader may finish this file while its text is on screen.
    window.addEventListener('tz-items-changed', load);
    return () => {
      live = false;
      window.removeEventListener('tz-items-changed', load);
    };
  }, [open, file.id]);

  return (
    <div className="editor-sec sec-text" data-testid="file-text-sec">
      <h3>
        识别文字
        <span className="tz-spacer" />
        <Button small onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="file-text-toggle">
          {open ? '收起' : '查看识别文字'}
        </Button>
      </h3>
      {open &&
        (error ? (
          <p className="warn small" style={{ margin: 0 }}>
            {error}
          </p>
        ) : !pages ? (
          <Loading />
        ) : pages.length === 0 ? (
          <p className="muted small" style={{ margin: 0 }} data-testid="file-text-none">
            这个文件还没有识别出文字：可能正在排队识别，或者它是现场照片（按照片说明搜索）。
          </p>
        ) : (
          <div className="file-text" data-testid="file-text">
            {pages.map((p) => (
              <section key={p.page} className="file-text-page" data-testid="file-text-page">
                <h4>
                  第 {p.page} 页 · {p.source === 'pdf' ? 'PDF 自带文字' : (ENGINES[p.engine] ?? '文字识别')}
                </h4>
                <pre>{p.text || '（这一页没有文字）'}</pre>
              </section>
            ))}
          </div>
        ))}
    </div>
  );
}
