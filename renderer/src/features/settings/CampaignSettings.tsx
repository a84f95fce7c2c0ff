// 项目设置: the campaign's name, unit, 全宗号, 年度, 创建时段, default 保管期限 and 机构代码 —
// what the cover, the 档号 and the time-window check use. The fields are the welcome page's. Below
// them, where 文字识别 stands, with 全部重新识别 (the top bar shows it only while reading).
import { useState } from 'react';
import type { SessionState } from '../../../../shared/api';
import type { Campaign } from '../../../../shared/domain';
import { call, errorText } from '../../api/client';
import { Button, Dialog, toast } from '../../components';
import { app, useReadOnly } from '../../state/app-state';
import { SettingsLinks } from '../accounts/AccountBar';
import { reading, rereadAsked } from '../../state/reading';
import { CountingChoice } from '../departments/CountingChoice';
import {
  CampaignFields,
  campaignDraft,
  campaignProblem,
  draftToCampaign,
  problemField,
  type CampaignProblem,
} from '../welcome/CampaignFields';

export function CampaignSettings(props: {
  campaign: Campaign;
  dir: string;
  onSaved(c: Campaign): void;
  onClosedArchive(s: SessionState): void;
  onClose(): void;
}) {
  const [draft, setDraft] = useState(() => campaignDraft(props.campaign));
  const [countSubmitted, setCountSubmitted] = useState(!!props.campaign.countSubmitted);
  const filling = app.use((s) => s.session?.archive?.filling ?? null);
  const [problem, setProblem] = useState<CampaignProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const readOnly = useReadOnly();
  const progress = reading.use((s) => s.progress);
  // The LAN server keeps its archive open for everyone: nobody closes it from a browser.
  const lan = app.use((s) => s.session?.door === 'lan');

  const save = async () => {
    if (readOnly) return;
    const p = campaignProblem(draft);
    if (p) return setProblem(p);
    setBusy(true);
    setProblem(null);
    try {
      const c = await call('campaign.update', { ...draftToCampaign(draft), ...(!filling && { countSubmitted }) });
      toast('项目设置已保存。', { kind: 'success' });
      props.onSaved(c);
    } catch (e) {
      const text = errorText(e);
      setProblem({ field: problemField(e), text });
    } finally {
      setBusy(false);
    }
  };

  const closeArchive = async () => {
    try {
      props.onClosedArchive(await call('archive.close', {}));
    } catch (e) {
      setProblem({ field: null, text: errorText(e) });
    }
  };

  return (
    <Dialog
      title="项目设置"
      onClose={props.onClose}
      width={600}
      testId="campaign-settings"
      footer={
        <>
          {lan ? (
            <span style={{ marginRight: 'auto' }} />
          ) : (
            <Button variant="link" onClick={() => void closeArchive()} style={{ marginRight: 'auto' }} title="关闭这个档案，回到打开/新建档案的页面" data-testid="close-archive">
              关闭档案
            </Button>
          )}
          <Button onClick={props.onClose}>{readOnly ? '关闭' : '取消'}</Button>
          <Button
            variant="primary"
            onClick={() => void save()}
            disabled={busy || !!readOnly}
            title={readOnly ? '档案是只读的，不能修改项目设置' : undefined}
            data-testid="settings-save"
          >
            保存
          </Button>
        </>
      }
    >
      <div className="form-grid">
        {readOnly && (
          <div className="readonly-note" data-testid="settings-read-only">
            档案是只读的（{readOnly.replace(/[。.]$/, '')}），项目设置只能查看。
          </div>
        )}
        <CampaignFields draft={draft} onChange={setDraft} problem={problem} testId="settings" pairs readOnly={!!readOnly} />
        {!filling && <CountingChoice value={countSubmitted} onChange={setCountSubmitted} readOnly={!!readOnly} />}
        {problem && !problem.field && (
          <div className="tz-field-error" role="alert">
            {problem.text}
          </div>
        )}
        <div className="small muted ellipsis" title={props.dir}>
          档案文件夹：{props.dir}
        </div>
        <SettingsLinks />
        {progress && (
          <div className="settings-reading small" data-testid="settings-reading">
            <span className="muted">文字识别：</span>
            <span className="ellipsis" style={{ flex: 1 }}>
              {progress.state === 'running'
                ? `正在识别 ${progress.done}/${progress.total}`
                : progress.pending > 0
                  ? `${progress.pending} 个文件等待识别`
                  : '全部识别完'}
              {progress.failed > 0 ? `，${progress.failed} 个文件没能识别` : ''}
            </span>
            <Button
              small
              onClick={() => {
                props.onClose();
                rereadAsked.set({ open: true });
              }}
              disabled={!!readOnly}
              title="识别结果不理想、或换了识别引擎时使用"
              data-testid="settings-reread"
            >
              全部重新识别…
            </Button>
          </div>
        )}
      </div>
    </Dialog>
  );
}
