// bench:search — full-text search at 10,000 items once their files have been read: every item's
// notice carries a page of text and every fifth a sign-in sheet with 30 names, as the reader
// leaves them. Reports p50/p95 per query shape: one and two characters (names such as 张伟, which
// the trigram index cannot answer), three and more, several words, and a miss. Goal: p95 ≤ 50 ms.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { Archive } from '../main/archive/archive';
import { sql } from '../main/archive/db';
import { reindexItem, searchItems } from '../main/archive/search';
import { buildLargeArchive } from '../test/helpers/large-archive';
import { parseArgs, table } from './lib';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉红建文燕飞波宁亮斌凯浩云琳晶雪梅国荣';
const BODY = '为深入贯彻落实全民科学素质行动规划纲要，进一步提升公民科学素质，经研究，决定于近期组织开展科普宣传进社区活动。各乡镇（街道）、各有关单位要高度重视，精心组织，结合实际制定具体方案，确保活动取得实效。活动期间将举办科普讲座、科普展览、科技咨询等形式多样的活动，请各单位按时报送活动总结和影像资料。';

function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['items', 'runs', 'keep'], flags: [] });
  const n = Number(args.get('items') ?? 10_000);
  const runs = Number(args.get('runs') ?? 40);
  // --keep DIR: build the archive there once and reuse it on later runs.
  const kept = args.get('keep');
  const dir = typeof kept === 'string' ? path.resolve(kept) : await fs.mkdtemp(path.join(os.tmpdir(), 'tz-bench-search-'));
  const reuse = typeof kept === 'string' && (await fs.stat(path.join(dir, 'archive.sqlite')).then(() => true, () => false));
  try {
    let t = Date.now();
    if (!reuse) await buildLargeArchive(dir, n, { thumbs: false });
    const a = await Archive.open(dir);
    const r = rand(7);
    const name = () => SURNAMES[Math.floor(r() * SURNAMES.length)] + GIVEN[Math.floor(r() * GIVEN.length)] + (r() < 0.4 ? GIVEN[Math.floor(r() * GIVEN.length)] : '');
    const rows = await a.db.all<{ id: number; pdf: string; jpg: string }>(sql`SELECT i.id,
      (SELECT sha256 FROM files WHERE item_id = i.id AND role = 'notice') AS pdf, (SELECT sha256 FROM files WHERE item_id = i.id AND role = 'photo') AS jpg FROM items i`);
    for (let s = 0; s < (reuse ? 0 : rows.length); s += 1000) {
      await a.db.transaction(async (tx) => {
        for (const row of rows.slice(s, s + 1000)) {
          await tx.run(sql`UPDATE blobs SET text = ${`关于开展第${row.id}期科普宣传活动的通知\n${BODY}\n${BODY.slice(0, 80)}`} WHERE sha256 = ${row.pdf}`);
          if (row.id % 5 === 0) {
            const names = Array.from({ length: 30 }, (_, k) => `${k + 1} 县科协 干事 ${name()} 1${Math.floor(r() * 1e4)}****${Math.floor(r() * 1e4)}`);
            await tx.run(sql`UPDATE blobs SET text = ${`科普工作推进会签到表\n序号 单位 职务 签名 联系电话\n${names.join('\n')}`} WHERE sha256 = ${row.jpg}`);
          }
          await reindexItem(tx, row.id);
        }
      });
    }
    const built = Date.now() - t;
    const size = (await a.db.get<{ n: number; bytes: number }>(sql`SELECT count(*) AS n, sum(length(text)) AS bytes FROM search`))!;
    const queries: [string, string][] = [
      ['1 字', '伟'],
      ['2 字（人名）', '张伟'],
      ['2 字（常见词）', '科普'],
      ['3 字', '推进会'],
      ['长词', '全民科学素质行动'],
      ['两个词', '签到表 王芳'],
      ['没有结果（2 字）', '鲲鹏'],
      ['没有结果（4 字）', '防汛抗旱'],
    ];
    const out: string[][] = [];
    for (const [label, q] of queries) {
      const times: number[] = [];
      let hits = 0;
      for (let i = 0; i < runs; i++) {
        t = performance.now();
        hits = (await searchItems(a.db, q)).length;
        times.push(performance.now() - t);
      }
      times.sort((x, y) => x - y);
      out.push([label, q, String(hits), times[Math.floor(times.length / 2)].toFixed(1), times[Math.floor(times.length * 0.95)].toFixed(1)]);
    }
    console.log(`${n} items, ${size.n} search rows, ${(size.bytes / 1024 / 1024).toFixed(1)} MB of text (built in ${(built / 1000).toFixed(1)} s), ${runs} runs each`);
    console.log(table(['query', 'text', 'items', 'p50 ms', 'p95 ms'], out));
    await a.close();
  } finally {
    if (typeof kept !== 'string') await fs.rm(dir, { recursive: true, force: true });
  }
}

void main();
