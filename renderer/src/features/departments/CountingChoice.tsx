// 统计口径 in 项目设置: whether the self-check and the exports count only the material the 创建办
// has accepted, or everything the departments submitted (before review is done).
import './departments.css';

export function CountingChoice(props: { value: boolean; onChange(v: boolean): void; readOnly?: boolean }) {
  return (
    <div className="counting-choice" role="radiogroup" aria-labelledby="counting-label" data-testid="settings-counting">
      <span id="counting-label" className="counting-label">统计口径</span>
      <label>
        <input type="radio" name="count-submitted" checked={!props.value} onChange={() => props.onChange(false)} disabled={props.readOnly} data-testid="settings-count-accepted" />
        只计已审核通过的材料
      </label>
      <label>
        <input type="radio" name="count-submitted" checked={props.value} onChange={() => props.onChange(true)} disabled={props.readOnly} data-testid="settings-count-submitted" />
        计入全部已提交的材料
      </label>
      <small>责任单位交来的材料在自查、统计和导出中怎么计算；创建办自己录入的材料总是计入。</small>
    </div>
  );
}
