// 导入指标体系 in two steps: choose the issued table (.xlsx, .xls, .csv, a Word table) or our JSON
// template; then the preview — the sheet's rows with each column's role in a drop-down (changing
// one reads the sheet again at once) beside the tree it would create — and 导入, which shows what
// was understood and what changed in the tree.
import { useRef, useState, type ReactNode } from 'react';
import type { IndicatorImportReport } from '../../../../shared/api';
import { COLUMN_ROLE_LABELS, COLUMN_ROLES, columnRoleLabel, type ColumnRole, type IndicatorPreview } from '../../../../shared/indicator-types';
import { call, errorText, isDesktop, uploadFiles } from '../../api/client';
import { Button, Choice, Dialog, Field, ProgressBar } from '../../components';
import { app, reloadItems, reloadTree, useReadOnly } from '../../state/app-state';

export function IndicatorImport({ onClose }: { onClose(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<IndicatorPreview | null>(null);
  /** The file as the service reads it (the preview names it by its base name only). */
  const [path, setPath] = useState('');
  /** The roles the clerk chose, by column letter; the others are the preview's guesses. */
  const [columns, setColumns] = useState<Record<string, ColumnRole>>({});
  const [report, setReport] = useState<IndicatorImportReport | null>(null);
  const readOnly = useReadOnly();
  const seq = useRef(0);
  /** The roles behind the preview on screen (to go back to when a change is refused). */
  const shownColumns = useRef<Record<string, ColumnRole>>({});

  const load = async (file: string, sheet: string | undefined, cols: Record<string, ColumnRole>) => {
    const my = ++seq.current;
    setBusy('正在读取指标表…');
    setError(null);
    try {
      const p = await call('indicators.preview', { file, sheet, columns: Object.keys(cols).length ? cols : undefined });
      if (my !== seq.current) return;
      setPath(file);
      setPreview(p);
      setColumns(cols);
      shownColumns.current = cols;
    } catch (e) {
      // A sheet or roles that give no table: the preview on screen stays, and says so.
      const shown = preview && (preview.sheet ? `下面仍是工作表“${preview.sheet}”的预览。` : '下面仍是原来的预览。');
      if (my === seq.current) {
        setError(`${errorText(e)}${shown ? ` ${shown}` : ''}`);
        setColumns(shownColumns.current);
      }
    } finally {
      if (my === seq.current) setBusy(null);
    }
  };

  const pickDesktop = async () => {
    try {
      const paths = await call('desktop.pickFiles', { purpose: 'indicators' });
      if (!paths[0]) return;
      setName(paths[0].split(/[\\/]/).pop() ?? paths[0]);
      await load(paths[0], undefined, {});
    } catch (e) {
      setError(errorText(e));
    }
  };

  const pickWeb = async (file: File | undefined) => {
    if (!file) return;
    setName(file.name);
    setPreview(null);
    setError(null);
    setBusy('正在上传…');
    try {
      const { roots, skipped } = await uploadFiles([file], [file.name], { purpose: 'indicators' });
      if (!roots[0]) throw new Error(skipped[0]?.message ?? '文件没有上传成功，请重试。');
      await load(roots[0], undefined, {});
    } catch (e) {
      setError(errorText(e));
      setBusy(null);
    }
  };

  const setRole = (letter: string, role: ColumnRole) => {
    if (!preview) return;
    const next = { ...columns, [letter]: role };
    // The drop-down shows the choice at once; both sides redraw when the sheet has been read again.
    setColumns(next);
    void load(path, preview.sheet, next);
  };

  const runImport = async () => {
    if (!preview) return;
    setBusy('正在导入…');
    setError(null);
    try {
      const r = await call('indicators.import', { file: path, sheet: preview.sheet || undefined, columns: Object.keys(columns).length ? columns : undefined });
      setReport(r);
      // The first indicator system of an archive: show its first indicator instead of 未归类.
      if (app.get().tree?.nodes.length === 0 && app.get().view?.kind === 'inbox') app.set({ view: null });
      void reloadTree();
      void reloadItems();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const chooser = (label: string) =>
    isDesktop ? (
      <Button onClick={() => void pickDesktop()} disabled={!!busy} data-testid="indicators-choose">
        {label}
      </Button>
    ) : (
      <Button onClick={() => input.current?.click()} disabled={!!busy} data-testid="indicators-choose">
        {label}
      </Button>
    );

  const footer = report ? (
    <Button variant="primary" onClick={onClose}>
      完成
    </Button>
  ) : (
    <>
      {preview && chooser('换一个文件…')}
      <span style={{ flex: 1 }} />
      <Button onClick={onClose}>取消</Button>
      <Button
        variant="primary"
        onClick={() => void runImport()}
        disabled={!!busy || !!readOnly || !preview || preview.indicators.length === 0}
        title={preview ? `按右侧的 ${preview.indicators.length} 条指标导入` : '先选择指标体系文件'}
        data-testid="indicators-import-start"
      >
        导入{preview ? ` ${preview.indicators.length} 条指标` : ''}
      </Button>
    </>
  );

  const fileInput = !isDesktop && (
    <input
      ref={input}
      type="file"
      hidden
      accept=".xlsx,.xls,.et,.csv,.docx,.json"
      onChange={(e) => {
        void pickWeb(e.target.files?.[0]);
        e.target.value = '';
      }}
      data-testid="indicators-file"
    />
  );
  const problem = error && (
    <div className="tz-field-error" role="alert" data-testid="indicators-import-error">
      {error}
    </div>
  );

  return (
    <Dialog title={preview && !report ? `导入指标体系：核对各列` : '导入指标体系'} onClose={onClose} footer={footer} width={preview && !report ? 1320 : 640} testId="indicators-import">
      {fileInput}
      {report ? (
        <ImportReport report={report} />
      ) : preview ? (
        <Preview preview={preview} name={name} columns={columns} busy={busy} problem={problem} onRole={setRole} onSheet={(sheet) => void load(path, sheet, {})} />
      ) : (
        <div className="form-grid">
          <p style={{ margin: 0 }}>
            选择上级下发的测评指标体系表（Excel .xlsx/.xls、WPS .et、.csv，或 Word 文档中的表格），或本软件导出的指标模板（.json）。下一步可以核对每一列的用途，再导入。再次导入同一体系时，已有指标按编号更新，挂好的材料保留。
          </p>
          <Field label="指标体系文件">
            <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
              {chooser('选择文件…')}
              <span className={`ellipsis ${name ? '' : 'muted'}`} title={name}>
                {name || '还没有选择文件'}
              </span>
            </div>
          </Field>
          {busy && <ProgressBar label={busy} />}
          {problem}
        </div>
      )}
    </Dialog>
  );
}

/** The preview: the sheet's rows under a drop-down per column, and the tree they give. */
function Preview({
  preview: p,
  name,
  columns,
  busy,
  problem,
  onRole,
  onSheet,
}: {
  preview: IndicatorPreview;
  name: string;
  columns: Record<string, ColumnRole>;
  busy: string | null;
  problem: ReactNode;
  onRole(letter: string, role: ColumnRole): void;
  onSheet(sheet: string): void;
}) {
  const levels = p.report.levels;
  // The header row is the drop-downs' row; the body starts under it.
  const body = p.rows.filter((r) => r.row !== p.headerRow);
  const fromTable = p.columns.length > 0;
  return (
    <div className="ipv" data-testid="indicators-preview" aria-busy={!!busy}>
      <div className="ipv-top">
        <span className="ellipsis" title={name} style={{ maxWidth: 360 }}>
          文件：<b>{name || p.file.split(/[\\/]/).pop()}</b>
        </span>
        {p.sheets.length > 1 && (
          <label style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
            工作表
            <select className="tz-input" value={p.sheet} onChange={(e) => onSheet(e.target.value)} disabled={!!busy} data-testid="indicators-sheet" style={{ width: 'auto' }}>
              {p.sheets.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        {fromTable && <span className="muted">表头在第 {p.headerRow} 行。请逐列核对用途，不对就在下拉框里改，右侧随即更新。</span>}
        {busy && <span className="muted">{busy}</span>}
      </div>
      {p.unsure.length > 0 && (
        <div className="ipv-unsure" data-testid="indicators-unsure">
          <b>这些列没有把握，请核对（表中标黄）：</b>
          <ul>
            {p.unsure.map((u, i) => (
              <li key={i}>{u}</li>
            ))}
          </ul>
        </div>
      )}
      {problem}
      <div className="ipv-panes">
        <section className="ipv-pane" aria-label="表格内容">
          <div className="ipv-pane-head">
            <b>表格</b>
            <span className="muted small">
              {body.length} 行{body.some((r) => r.skipped) ? '，灰色行不导入' : ''}
            </span>
          </div>
          <div className="ipv-scroll">
            {fromTable ? (
              <table className="ipv-sheet" data-testid="indicators-sheet-table">
                <thead>
                  <tr>
                    <th className="ipv-rownum">行</th>
                    {p.columns.map((c) => (
                      <th key={c.letter} className={c.unsure ? 'ipv-unsure-col' : ''} data-testid="indicators-column" data-letter={c.letter} data-unsure={c.unsure || undefined}>
                        <div className="ipv-col">
                          <span className="ipv-col-head" title={c.header}>
                            {c.letter} 列{c.header ? `：${c.header}` : ''}
                          </span>
                          <Choice
                            options={COLUMN_ROLES}
                            labels={COLUMN_ROLE_LABELS}
                            value={columns[c.letter] ?? c.role}
                            disabled={!!busy}
                            aria-label={`${c.letter} 列${c.header ? `“${c.header}”` : ''}的用途`}
                            data-testid={`indicators-role-${c.letter}`}
                            onChange={(e) => onRole(c.letter, e.target.value as ColumnRole)}
                            style={columns[c.letter] ? { fontWeight: 'bold' } : undefined}
                          />
                          {c.why && <span className="ipv-col-why">{c.unsure ? '⚠ ' : ''}{c.why}</span>}
                        </div>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {body.map((r) => (
                    <tr key={r.row} className={r.skipped ? 'ipv-skipped' : ''} title={r.skipped ? `不导入：${r.skipped}` : undefined}>
                      <td className="ipv-rownum">{r.row}</td>
                      {p.columns.map((c, ci) => (
                        <td key={c.letter} className={c.unsure ? 'ipv-unsure-col' : ''} title={r.cells[ci] || undefined}>
                          {r.cells[ci] ?? ''}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p style={{ padding: 10, margin: 0 }}>指标模板没有表格列，按模板中的层级导入。</p>
            )}
          </div>
        </section>
        <section className="ipv-pane" aria-label="将导入的指标">
          <div className="ipv-pane-head" data-testid="indicators-preview-summary">
            <b>将导入</b>
            <span>
              <b data-testid="indicators-preview-count">{p.indicators.length}</b> 条指标，共 {levels} 级
            </span>
          </div>
          <div className="ipv-scroll">
            {p.indicators.length === 0 ? (
              <p style={{ padding: 10, margin: 0 }} className="warn">
                按现在的各列用途读不出指标。请至少把一列设为“一级指标”。
              </p>
            ) : (
              <ul className="ipv-tree" data-testid="indicators-preview-tree">
                {p.indicators.map((d, i) => (
                  <li
                    key={`${d.code}-${i}`}
                    className={`ipv-l${d.level}`}
                    style={{ paddingLeft: 10 + (d.level - 1) * 16 }}
                    title={[`${d.code} ${d.title}`, d.requirement && `要求：${d.requirement}`, d.department && `责任单位：${d.department}`].filter(Boolean).join('\n')}
                    data-testid="indicators-preview-node"
                    data-code={d.code}
                  >
                    <span className="ipv-code">{d.code}</span>
                    <span className="ipv-title">{d.title}</span>
                    {d.score != null && <span className="ipv-score">{d.score} 分</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {p.report.scoreSums.length > 0 && (
            <div className="ipv-sums" data-testid="indicators-preview-sums">
              {p.report.scoreSums.map((s) => (
                <div key={s.level} title={s.mismatches.join('；') || undefined}>
                  {s.level} 级指标{' '}
                  {s.sum === 0 ? (
                    <span className="muted">没有分值</span>
                  ) : (
                    <>
                      合计 {s.sum} 分{' '}
                      {s.consistent ? (
                        <span className="tz-status tz-status-met">上下级分值相符</span>
                      ) : (
                        <span className="tz-status tz-status-below">
                          上下级分值不符：{s.mismatches.slice(0, 2).join('；')}
                          {s.mismatches.length > 2 ? ' 等' : ''}
                        </span>
                      )}
                    </>
                  )}
                </div>
              ))}
            </div>
          )}
        </section>
      </div>
    </div>
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
