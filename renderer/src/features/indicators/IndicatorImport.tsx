// 导入指标体系: choose the issued table (.xlsx) or our JSON template, import it, and show what was
// understood — rows read, levels, columns, skipped rows, score sums, what changed in the tree.
import { useRef, useState } from 'react';
import type { IndicatorImportReport } from '../../../../shared/api';
import { columnRoleLabel } from '../../../../shared/indicator-types';
import { bridge, call, errorText, isDesktop } from '../../api/client';
import { Button, Dialog, Field, ProgressBar } from '../../components';
import { app, reloadItems, reloadTree, useReadOnly } from '../../state/app-state';

export function IndicatorImport({ onClose }: { onClose(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [sheet, setSheet] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<IndicatorImportReport | null>(null);
  const readOnly = useReadOnly();

  const run = async (path: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('indicators.import', { file: path, sheet: sheet.trim() || undefined });
      setReport(r);
      // The first indicator system of an archive: show its first indicator instead of 未归类.
      if (app.get().tree?.nodes.length === 0 && app.get().view?.kind === 'inbox') app.set({ view: null });
      void reloadTree();
      void reloadItems();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    if (isDesktop) {
      try {
        const paths = await call('desktop.pickFiles', { purpose: 'indicators' });
        if (paths[0]) await run(paths[0]);
      } catch (e) {
        setError(errorText(e));
      }
      return;
    }
    if (!file) {
      setError('请先选择指标体系文件。');
      return;
    }
    setBusy(true);
    try {
      const [path] = await bridge.dropPaths([file], [file.name]);
      await run(path);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  const footer = report ? (
    <Button variant="primary" onClick={onClose}>
      完成
    </Button>
  ) : (
    <>
      <Button onClick={onClose}>取消</Button>
      <Button variant="primary" onClick={() => void start()} disabled={busy || !!readOnly || (!isDesktop && !file)} data-testid="indicators-import-start">
        {isDesktop ? '选择文件并导入…' : '导入'}
      </Button>
    </>
  );

  return (
    <Dialog title="导入指标体系" onClose={onClose} footer={footer} width={640} testId="indicators-import">
      {!report ? (
        <div className="form-grid">
          <p style={{ margin: 0 }}>
            选择上级下发的测评指标体系 Excel 表（.xlsx），或本软件导出的指标模板（.json）。再次导入同一体系时，已有指标按编号更新，挂好的材料保留。
          </p>
          {!isDesktop && (
            <Field label="指标体系文件">
              <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
                <Button onClick={() => input.current?.click()} data-testid="indicators-choose">
                  选择文件…
                </Button>
                <span className={`ellipsis ${file ? '' : 'muted'}`} title={file?.name}>
                  {file ? file.name : '还没有选择文件'}
                </span>
                <input
                  ref={input}
                  type="file"
                  hidden
                  accept=".xlsx,.xls,.json"
                  onChange={(e) => {
                    setFile(e.target.files?.[0] ?? null);
                    setError(null);
                  }}
                  data-testid="indicators-file"
                />
              </div>
            </Field>
          )}
          <Field label="工作表" hint="表里有多个工作表时填写；留空自动识别。">
            <input className="tz-input" value={sheet} onChange={(e) => setSheet(e.target.value)} placeholder="留空自动识别" />
          </Field>
          {busy && <ProgressBar label="正在读取指标体系…" />}
          {error && (
            <div className="tz-field-error" role="alert" data-testid="indicators-import-error">
              {error}
            </div>
          )}
        </div>
      ) : (
        <ImportReport report={report} />
      )}
    </Dialog>
  );
}

function ImportReport({ report }: { report: IndicatorImportReport }) {
  const t = report.table;
  const m = report.merge;
  const fromTable = t.headerRow > 0 && Object.keys(t.columns).length > 0;
  return (
    <div className="form-grid" data-testid="indicators-report">
      {fromTable ? (
        <div>
          从工作表“{t.sheet}”读取了 <b>{t.rows}</b> 行（表头在第 {t.headerRow} 行），得到 <b>{t.indicators}</b> 条指标，共 <b>{t.levels}</b> 级。
        </div>
      ) : (
        <div>
          从指标模板“{t.sheet}”读取了 <b>{t.indicators}</b> 条指标，共 <b>{t.levels}</b> 级。
        </div>
      )}
      <div>
        新增 {m.added} 条，更新 {m.updated} 条，未变 {m.unchanged} 条{m.deleted ? `，删除 ${m.deleted} 条` : ''}。
      </div>
      {fromTable && (
        <table className="report-table">
          <caption style={{ textAlign: 'left', padding: '4px 0' }}>各列的用途</caption>
          <tbody>
            {Object.entries(t.columns).map(([h, role]) => (
              <tr key={h}>
                <th>{h}</th>
                <td>{columnRoleLabel(role)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {t.scoreSums.length > 0 && (
        <table className="report-table">
          <caption style={{ textAlign: 'left', padding: '4px 0' }}>分值合计</caption>
          <tbody>
            {t.scoreSums.map((s) => (
              <tr key={s.level}>
                <th>{s.level} 级指标</th>
                <td>
                  {s.sum} 分{' '}
                  {s.consistent ? (
                    <span className="tz-status tz-status-met">与上级一致</span>
                  ) : (
                    <span className="tz-status tz-status-below">与上级不一致：{s.mismatches.join('；')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {t.skipped.length > 0 && (
        <table className="report-table" data-testid="indicators-skipped">
          <caption style={{ textAlign: 'left', padding: '4px 0' }}>跳过的行（{t.skipped.length}）</caption>
          <thead>
            <tr>
              <th>行</th>
              <th>原因</th>
              <th>内容</th>
            </tr>
          </thead>
          <tbody>
            {t.skipped.slice(0, 50).map((s) => (
              <tr key={s.row}>
                <td>{s.row}</td>
                <td>{s.reason}</td>
                <td>{s.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {m.renamed.length > 0 && (
        <div>
          改了名称的指标（材料随编号保留）：
          <ul style={{ margin: '4px 0' }}>
            {m.renamed.map((r) => (
              <li key={r.code}>
                {r.code}：{r.from} → {r.to}
              </li>
            ))}
          </ul>
        </div>
      )}
      {m.keptWithEvidence.length > 0 && (
        <div className="warn">
          新体系中没有、但挂有材料而保留的指标（显示为删除线，请把材料改挂到新指标下）：
          <ul style={{ margin: '4px 0' }}>
            {m.keptWithEvidence.map((k) => (
              <li key={k.code}>
                {k.code} {k.title}（{k.items} 件）
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
