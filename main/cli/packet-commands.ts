// `taizhang packet export|open|return|import`: the 任务包 out to a department, opened there as its
// own archive (填报模式), its 回传包, and the 回传包 merged back — the service functions the
// interface's jobs call. A refused packet (changed, for another archive, older) exits 2.
import fs from 'node:fs/promises';
import path from 'node:path';
import { str } from './args';
import { CLI_ACTOR, JSON_OPT, json, need, withArchive, type Command } from './command-kit';
import { checked } from './indicator-edit-commands';
import { progressBar } from './output';
import { exportAllTaskPackets, exportTaskPacket } from '../collect/packet/export';
import { importReturnPacket } from '../collect/packet/import';
import { openPacket } from '../collect/packet/open';
import { exportReturnPacket, unassignedWarning } from '../collect/packet/return';
import { chineseDateTime, sizeText } from '../../shared/names';
import { packetImportText } from '../../shared/collect-types';

const optionOf = (field: string) => `--${field}`;

export const packetExport: Command = {
  usage: 'packet export ARCHIVE --department NAME OUT.zip [--deadline YYYY-MM-DD] [--overwrite] [--json]',
  summary: '导出任务包：责任单位的指标、要求、截止日期、创建办的说明和退回修改的材料（不给 --department 时，OUT 为文件夹，每个责任单位一个任务包）',
  options: { department: { value: true }, deadline: { value: true }, overwrite: {}, ...JSON_OPT },
  async run(p, io) {
    const [dir, out] = need(p, 2, this.usage);
    const spec = checked('jobs.start', { kind: 'export-packet', department: str(p, 'department'), deadline: str(p, 'deadline') }, optionOf);
    const opts = { ...(spec.deadline && { deadline: spec.deadline }), overwrite: !!p.options.overwrite };
    const bar = progressBar();
    const department = spec.department;
    if (!department) {
      const r = await withArchive(dir, (a) => exportAllTaskPackets(a, out, opts, { onProgress: bar.update })).finally(() => bar.done());
      if (p.options.json) json(io, r);
      else {
        io.out(`已导出 ${r.packets.length} 个任务包到 ${r.dir}：`);
        for (const x of r.packets) io.out(`  ${x.department}：${path.basename(x.out)}（${x.indicators} 个指标${x.returned ? `，退回 ${x.returned} 件` : ''}）`);
      }
      return 0;
    }
    const r = await withArchive(dir, (a) => exportTaskPacket(a, department, out, opts, { onProgress: bar.update })).finally(() => bar.done());
    if (p.options.json) json(io, r);
    else io.out(`已导出“${r.department}”的任务包：${r.out}（${r.indicators} 个指标${r.returned ? `，退回修改的材料 ${r.returned} 件` : ''}，${sizeText(r.bytes)}）`);
    return 0;
  },
};

export const packetOpen: Command = {
  usage: 'packet open PACKET.zip DIR [--json]',
  summary: '打开任务包：在空文件夹 DIR 中建立本单位的填报档案（填报模式）；DIR 是本单位已有的填报档案时，按新的任务包更新它（已填的材料保留）',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [zip, dir] = need(p, 2, this.usage);
    await fs.mkdir(dir, { recursive: true });
    const bar = progressBar();
    const r = await openPacket(zip, dir, { onProgress: bar.update }).finally(() => bar.done());
    const u = r.update;
    if (p.options.json) json(io, r);
    else if (u?.again) io.out(`${r.dir} 已经是按这个任务包填报的，没有任何改动。`);
    else if (u) {
      const parts = [`${r.indicators} 个指标`];
      if (u.added.length) parts.push(`新增指标 ${u.added.join('、')}`);
      if (r.returned) parts.push(`退回修改的材料 ${r.returned} 件${u.restored ? `（其中 ${u.restored} 件已从回收站恢复）` : ''}`);
      if (u.reviewed) parts.push(`审核结果更新 ${u.reviewed} 件`);
      if (r.deadline) parts.push(`截止 ${r.deadline}`);
      io.out(`已按新的任务包更新“${r.department}”的填报档案：${r.dir}（${parts.join('，')}）。已填的材料都保留。`);
      if (u.dropped.length) io.out(`注意：指标 ${u.dropped.join('、')} 已不由本单位负责：其下的材料保留在本档案中，但不再放进回传包。`);
      io.out(`改好后用 taizhang packet return ${r.dir} 回传包.zip 生成回传包。`);
    } else {
      io.out(`已打开“${r.department}”的任务包：${r.dir}（${r.indicators} 个指标${r.returned ? `，退回修改的材料 ${r.returned} 件` : ''}${r.deadline ? `，截止 ${r.deadline}` : ''}）`);
      io.out(`用 taizhang import ${r.dir} 文件夹 --indicator 编号 添加材料，填好后用 taizhang packet return ${r.dir} 回传包.zip 生成回传包。`);
    }
    return 0;
  },
};

export const packetReturn: Command = {
  usage: 'packet return DIR OUT.zip [--overwrite] [--json]',
  summary: '生成回传包：填报档案中归到本单位指标下的材料和结论性说明',
  options: { overwrite: {}, ...JSON_OPT },
  async run(p, io) {
    const [dir, out] = need(p, 2, this.usage);
    const bar = progressBar();
    const r = await withArchive(dir, (a) => exportReturnPacket(a, out, { overwrite: !!p.options.overwrite }, { onProgress: bar.update })).finally(() => bar.done());
    if (p.options.json) json(io, r);
    else {
      io.out(`已生成第 ${r.sequence} 份回传包：${r.out}（${r.items} 件材料${r.corrected ? `，其中退回修改后重新提交 ${r.corrected} 件` : ''}，${r.statements} 条结论性说明，${sizeText(r.bytes)}）`);
      for (const t of r.left) io.out(`注意：《${t}》还没有归到指标下，没有放进回传包。`);
      for (const t of r.unassigned) io.out(`注意：${unassignedWarning(t)}`);
    }
    return 0;
  },
};

export const packetImport: Command = {
  usage: 'packet import ARCHIVE RETURN.zip [--json]',
  summary: '接收回传包：逐个文件按清单校验后并入档案（被改动、不是本档案的或较旧的回传包整个拒收，退出码 2）',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, zip] = need(p, 2, this.usage);
    const bar = progressBar();
    const r = await withArchive(dir, (a) => importReturnPacket(a, zip, CLI_ACTOR, { onProgress: bar.update })).finally(() => bar.done());
    if (p.options.json) json(io, r);
    else io.out(packetImportText(r, chineseDateTime));
    return 0;
  },
};

export const PACKET_COMMANDS: Record<string, Command> = {
  'packet export': packetExport,
  'packet open': packetOpen,
  'packet return': packetReturn,
  'packet import': packetImport,
};
