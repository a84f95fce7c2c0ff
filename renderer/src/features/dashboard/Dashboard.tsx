// 进度统计: how far the campaign is, at a glance — the end-of-indicator counts per top-level
// indicator and per responsible department as stacked bars, and items filed per month.
import { useCallback, useEffect, useState } from 'react';
import type { Dashboard as DashboardData } from '../../../../shared/api';
import { call, errorText } from '../../api/client';
import { Dialog, Loading } from '../../components';
import { onArchiveChanged } from '../../state/changes';
import { Legend, MonthColumns, StackedBars } from './charts';
import './dashboard.css';

export function Dashboard(props: { onClose(): void }) {
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await call('dashboard.get', {}));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);

  useEffect(() => {
    void load();
    return onArchiveChanged(() => void load(), 800);
  }, [load]);

  const s = data?.summary;
  const dated = data ? data.byMonth.reduce((n, m) => n + m.items, 0) : 0;

  return (
    <Dialog title="进度统计" onClose={props.onClose} width={1180} testId="dashboard">
      <div className="dash-body">
        {error && (
          <p className="tz-alert-error" role="alert">
            {error}
          </p>
        )}
        {!data && !error && <Loading text="正在统计…" />}

        {s && data && (
          <>
            <div className="dash-tiles" data-testid="dashboard-summary">
              {[
                { label: '末级指标', value: s.indicators },
                { label: '已达标', value: s.met, status: 'met' },
                { label: '待核对', value: s.unverified, status: 'unverified' },
                { label: '未达标', value: s.below, status: 'below' },
                { label: '缺材料', value: s.missing, status: 'missing' },
                { label: '材料', value: s.items, unit: '件' },
                { label: '自查问题', value: s.problems, unit: '条' },
              ].map((t) => (
                <div key={t.label} className={t.status ? `dash-tile dash-tile-${t.status}` : 'dash-tile'}>
                  <span>{t.label}</span>
                  <b>
                    {t.value}
                    {t.unit && <small> {t.unit}</small>}
                  </b>
                </div>
              ))}
            </div>

            <div className="dash-grid">
              <section className="tz-card">
                <div className="dash-card-head">
                  <h3>按一级指标</h3>
                  <Legend />
                </div>
                <p className="dash-muted dash-note">每行是一个一级指标下的末级指标数。</p>
                {data.byTopIndicator.length ? (
                  <StackedBars
                    title="按一级指标的达标情况"
                    testId="dashboard-by-indicator"
                    rows={data.byTopIndicator.map((r) => ({ key: r.code, label: `${r.code} ${r.title}`, met: r.met, unverified: r.unverified, below: r.below, missing: r.missing }))}
                  />
                ) : (
                  <p className="dash-muted">还没有导入指标体系。</p>
                )}
              </section>

              <section className="tz-card">
                <div className="dash-card-head">
                  <h3>按责任部门</h3>
                  <Legend />
                </div>
                <p className="dash-muted dash-note">每行是该部门负责的末级指标数。</p>
                {data.byDepartment.length ? (
                  <StackedBars
                    title="按责任部门的达标情况"
                    testId="dashboard-by-department"
                    rows={data.byDepartment.map((r) => ({ key: r.department || '-', label: r.department || '未填责任部门', met: r.met, unverified: r.unverified, below: r.below, missing: r.missing }))}
                  />
                ) : (
                  <p className="dash-muted">指标体系中没有填写责任部门。</p>
                )}
              </section>
            </div>

            <section className="tz-card">
              <div className="dash-card-head">
                <h3>每月材料件数</h3>
                <span className="dash-muted">
                  按材料日期统计，有日期的 {dated} 件
                  {data.undated > 0 && <span data-testid="dashboard-undated">；另有 {data.undated} 件没有日期，未计入</span>}
                </span>
              </div>
              {data.byMonth.length ? (
                <MonthColumns months={data.byMonth} testId="dashboard-by-month" />
              ) : (
                <p className="dash-muted">还没有带日期的材料。</p>
              )}
            </section>
          </>
        )}
      </div>
    </Dialog>
  );
}
