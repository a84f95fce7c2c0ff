// Pages of a small, fixed dossier rendered to PNG and compared with reviewed references
// (test/reference/dossier/*.png). After a deliberate layout change, look at the new pages and
// refresh them with: UPDATE_REFERENCES=1 npx jest test/integration/dossier-reference
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { Archive } from '../../main/archive/archive';
import { mergeIndicators } from '../../main/archive/indicators-repo';
import { listItems, setCaption, updateItem } from '../../main/archive/items-repo';
import { exportDossier } from '../../main/export/dossier/dossier';
import { importPaths } from '../../main/intake/import';
import { makeJpeg } from '../../main/demo/sample-files';
import { drafts } from '../helpers/archive';
import { tmpDir } from '../helpers/tmp';

const REF = path.join(__dirname, '..', 'reference', 'dossier');
const root = tmpDir('tz-ref-');
const update = process.env.UPDATE_REFERENCES === '1';

/** Share of pixels whose grey level differs by more than 48 of 255. */
async function difference(a: string, b: string): Promise<number> {
  const load = (f: string) => sharp(f).greyscale().raw().toBuffer({ resolveWithObject: true });
  const [x, y] = await Promise.all([load(a), load(b)]);
  expect([x.info.width, x.info.height]).toEqual([y.info.width, y.info.height]);
  let differ = 0;
  for (let i = 0; i < x.data.length; i++) if (Math.abs(x.data[i] - y.data[i]) > 48) differ++;
  return differ / x.data.length;
}

test('cover, section page with its 提交表, and the item\'s first photo page look as reviewed', async () => {
  const archive = await Archive.create(path.join(root, 'archive'), {
    name: '全国科普示范县创建',
    unit: '某县民政局',
    fonds: 'Z109',
    year: 2023,
    orgCode: 'BGS',
    windowStart: '2022-04-01',
    windowEnd: '2023-03-31',
  });
  await archive.db.transaction((tx) =>
    mergeIndicators(tx, drafts([
      { code: '1', title: '加强组织领导', score: 20, department: '办公室' },
      { code: '1.1', title: '召开工作推进会', score: 20, requirement: '全年召开工作推进会不少于3次，研究解决创建中的问题。', basis: '查阅会议通知、签到表、会议记录和照片', department: '办公室', target: { count: 3, unit: '次' } },
    ])),
  );
  const meeting = path.join(root, 'src', '召开工作推进会', '2022-05-10 第一次推进会');
  await makeJpeg(path.join(meeting, 'IMG_0001.jpg'), { width: 1600, height: 1200, seed: 42, exifTime: '2022:05:10 09:30:00' });
  await importPaths(archive, [path.join(root, 'src', '召开工作推进会')]);
  const [item] = await listItems(archive.db);
  await archive.db.transaction(async (tx) => {
    await updateItem(tx, item.id, { location: '县政府三楼会议室', responsible: '县创建办', participants: 45, description: '研究部署科普示范县创建工作' });
    await setCaption(tx, item.files[0].id, { people: '县创建领导小组成员', photographer: '刘明' });
  });
  const out = path.join(root, 'reference.pdf');
  await exportDossier(archive, out, { date: '2023-06-01', contents: false });
  await archive.close();

  // Pages: 1 cover, 2 section 1 with the 提交表 of 1.1 beneath, 3 the photo under the item's
  // heading and 归档章 (no header page of its own).
  const pages = { cover: 1, form: 2, photo: 3 };
  execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '3', out, path.join(root, 'page')]);
  fs.mkdirSync(REF, { recursive: true });
  for (const [name, n] of Object.entries(pages)) {
    const rendered = path.join(root, `page-${n}.png`);
    const reference = path.join(REF, `${name}.png`);
    if (update || !fs.existsSync(reference)) {
      if (!update) throw new Error(`missing reference ${reference}; run with UPDATE_REFERENCES=1 and review the PNGs`);
      fs.copyFileSync(rendered, reference);
      continue;
    }
    const diff = await difference(rendered, reference);
    expect({ page: name, diff, close: diff < 0.01 }).toMatchObject({ page: name, close: true });
  }
  // The measure is sensitive enough to tell two of the pages apart.
  expect(await difference(path.join(REF, 'form.png'), path.join(REF, 'photo.png'))).toBeGreaterThan(0.01);
});
