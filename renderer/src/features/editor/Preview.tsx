// A large preview of the chosen file: the photo itself, the PDF in a frame, or what the file is
// and a button to open it with the system (desktop) or in a new tab (browser).
import type { StoredFile } from '../../../../shared/domain';
import { bridge, call, isDesktop } from '../../api/client';
import { Button, IconButton, Toolbar } from '../../components';
import { failed } from '../../state/app-state';
import { fileFacts, showsInBrowser, typeLabel } from './files';

export function Preview({ file, index, count, onStep }: { file: StoredFile; index: number; count: number; onStep(delta: number): void }) {
  const url = bridge.fileUrl(file.storePath);
  // What a browser shows itself opens in a tab; anything else is saved under its own name, not the
  // hash the archive stores it by.
  const viewable = showsInBrowser(file) || file.type === 'pdf';
  const desktop = (method: 'desktop.openFile' | 'desktop.showFile') => () => void call(method, { fileId: file.id }).catch(failed);

  let body;
  if (showsInBrowser(file)) body = <img src={url} alt={file.caption.title || file.name} data-testid="preview-image" />;
  else if (file.type === 'pdf' && !file.encrypted && !file.warning)
    body = <iframe src={url} title={`PDF 预览：${file.name}`} data-testid="preview-pdf" />;
  else if (file.thumbPath) body = <img src={bridge.fileUrl(file.thumbPath)} alt={file.name} data-testid="preview-image" />;
  else
    body = (
      <div className="preview-note" data-testid="preview-none">
        {typeLabel(file.type)}
        {file.pages ? `，共 ${file.pages} 页` : ''}
        <br />
        {file.warning ?? (isDesktop ? '这种文件不能在这里预览，请用“打开文件”查看。' : '这种文件不能在这里预览，请点“下载”，再用本机的软件打开。')}
      </div>
    );

  return (
    <div className="editor-sec sec-preview" data-testid="preview">
      <h3>
        <span className="ellipsis" title={file.name}>
          预览{count > 1 ? ` ${index + 1}/${count}` : ''}
        </span>
        <span className="tz-spacer" />
        <Toolbar>
          {count > 1 && (
            <>
              <IconButton icon="‹" label="上一个文件" disabled={index === 0} onClick={() => onStep(-1)} data-testid="preview-prev" />
              <IconButton icon="›" label="下一个文件" disabled={index === count - 1} onClick={() => onStep(1)} data-testid="preview-next" />
            </>
          )}
          {isDesktop ? (
            <>
              <Button small onClick={desktop('desktop.openFile')} data-testid="open-file">
                打开文件
              </Button>
              <Button small onClick={desktop('desktop.showFile')} data-testid="show-file">
                在文件夹中显示
              </Button>
            </>
          ) : (
            <a
              className="tz-btn tz-btn-small"
              href={url}
              {...(viewable ? { target: '_blank', rel: 'noreferrer' } : { download: file.name })}
              data-testid="open-file"
              style={{ textDecoration: 'none' }}
            >
              {viewable ? '新窗口打开' : '下载'}
            </a>
          )}
        </Toolbar>
      </h3>
      <div className="preview">{body}</div>
      <div className="file-meta" title={file.name}>
        {file.name} · {fileFacts(file)}
      </div>
    </div>
  );
}
