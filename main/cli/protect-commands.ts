// Commands that protect an archive: verify (and put right), snapshots, backups and restore.
import { verifyArchive } from '../archive/verify';
import { listSnapshots, takeSnapshot } from '../archive/snapshots';
import { backupArchive, restoreArchive } from '../archive/backup';
import { JSON_OPT, json, need, withArchive, type Command } from './command-kit';
import { progressBar } from './output';
import { exportDir } from '../api/job-work';
import { str } from './args';
import { sizeText } from '../../shared/names';

export const verifyCmd: Command = {
  usage: 'verify ARCHIVE [--fix] [--repair FOLDER]... [--json]',
  summary: '校验数据库、每个文件的哈希、缩略图和临时文件；--fix 清理可安全删除的并重建缩略图，--repair 从原件所在文件夹修复损坏的文件',
  options: { fix: {}, repair: { value: true, repeat: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    const repairFrom = (p.options.repair as string[] | undefined) ?? [];
    const bar = progressBar();
    const r = await withArchive(dir, (a) => verifyArchive(a, { fix: !!p.options.fix, repairFrom, exportFolders: [exportDir(a)], onProgress: bar.update })).finally(() =>
      bar.done(),
    );
    if (p.options.json) json(io, r);
    else {
      io.out(r.ok ? `校验通过：${r.files} 个文件，数据库完好。` : `校验发现 ${r.problems.length} 个问题：`);
      for (const pr of r.problems) io.out(`  ${pr.message}`);
      for (const f of r.fixed) io.out(`已处理：${f}`);
      for (const n of r.notices) io.out(`提示：${n}`);
    }
    return r.ok ? 0 : 1;
  },
};

export const snapshotCmd: Command = {
  usage: 'snapshot ARCHIVE [--list] [--json]',
  summary: '给档案数据库拍一个快照（保留最近 7 个）；--list 列出已有快照',
  options: { list: {}, ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    if (p.options.list) {
      const all = await withArchive(dir, (a) => listSnapshots(a.dir), { readOnly: true });
      if (p.options.json) json(io, { snapshots: all });
      else if (!all.length) io.out('还没有快照。');
      else for (const s of all) io.out(`${s.taken.replace('T', ' ')}  ${s.name}  ${sizeText(s.bytes)}`);
      return 0;
    }
    const s = await withArchive(dir, async (a) => {
      a.assertWritable();
      return takeSnapshot(a.db, a.dir, 'manual');
    });
    if (p.options.json) json(io, s);
    else io.out(`已拍快照：${s.file}（${sizeText(s.bytes)}）。恢复用 taizhang restore ARCHIVE --from ${s.name}`);
    return 0;
  },
};

export const backupCmd: Command = {
  usage: 'backup ARCHIVE DEST [--json]',
  summary: '把整个档案完整复制到 DEST（新的或空的文件夹）并校验副本；档案打开时也可以备份',
  options: { ...JSON_OPT },
  async run(p, io) {
    const [dir, dest] = need(p, 2, this.usage);
    const bar = progressBar();
    const r = await withArchive(dir, (a) => backupArchive(a, dest, { onProgress: bar.update }), { readOnly: true }).finally(() => bar.done());
    if (p.options.json) json(io, r);
    else io.out(`已备份到 ${r.dest}：${r.files} 个文件，${sizeText(r.bytes)}，副本已逐个校验。`);
    return 0;
  },
};

export const restoreCmd: Command = {
  usage: 'restore ARCHIVE [--from SNAPSHOT] [--json]',
  summary: '用快照恢复档案数据库（默认最新的快照）；原来的数据库另存在 snapshots/ 中，快照之后存入的文件仍在 files/ 中',
  options: { from: { value: true }, ...JSON_OPT },
  async run(p, io) {
    const [dir] = need(p, 1, this.usage);
    const r = await restoreArchive(dir, str(p, 'from'));
    if (p.options.json) {
      json(io, r);
      return 0;
    }
    io.out(`已从 ${r.taken.replace('T', ' ') || r.from} 的快照恢复，现有 ${r.items} 件材料。恢复前的数据库另存为 ${r.previous}。`);
    if (r.unreferenced.length) {
      io.out(`快照之后存入的 ${r.unreferenced.length} 个文件仍保存在档案中，但不再登记在任何材料下；请重新导入这些原件：`);
      for (const u of r.unreferenced.slice(0, 50)) io.out(`  ${u.names.length ? u.names.join('、') : '（名称未知）'}  ${u.file}`);
    }
    if (r.missing.length) {
      const purged = r.missing.filter((m) => m.purged).length;
      io.out(
        `快照中登记的 ${r.missing.length} 个文件已不在档案中` +
          (purged ? `（其中 ${purged} 个是快照之后在回收站中彻底删除的）` : '') +
          '；这些材料的原件需要从原件所在的文件夹恢复（taizhang verify ARCHIVE --repair 文件夹），或删除这些材料：',
      );
      for (const m of r.missing.slice(0, 50)) io.out(`  ${m.names.length ? m.names.join('、') : '（名称未知）'}  ${m.file}${m.purged ? `  ${m.purged.slice(0, 10)} 彻底删除` : ''}`);
    }
    return 0;
  },
};

