import fs from 'node:fs/promises';
import path from 'node:path';
import { makeCorruptJpeg, makeDocx, makeHeic, makeJpeg, makePdf, makeWps } from '../../main/demo/sample-files';
import { findIndicator } from '../../main/archive/indicators-repo';
import { linkItem, listItems } from '../../main/archive/items-repo';
import { importPaths } from '../../main/intake/import';
import { makeArchive } from './archive';

/**
 * A folder as a clerk keeps it, for SAMPLE_INDICATORS: Chinese-numbered folders with score notes,
 * meetings as dated subfolders, a duplicate photo, system junk, an unmapped folder, and files the
 * app cannot read.
 */
export async function writeClerkFolder(root: string): Promise<string> {
  const base = path.join(root, '创建材料');
  const lead = path.join(base, '一、加强组织领导（20分）');
  await makePdf(path.join(lead, '（一）成立领导小组', '关于成立创建工作领导小组的通知.pdf'), { pages: 3 });
  const meetings = path.join(lead, '（二） 召开工作推进会');
  const m1 = path.join(meetings, '2023-03-08 第一次推进会');
  await makePdf(path.join(m1, '会议通知.pdf'), { pages: 1 });
  await makeJpeg(path.join(m1, '签到表.jpg'), { width: 1654, height: 2339, seed: 11 });
  await makeDocx(path.join(m1, '会议记录.docx'), { paragraphs: ['第一次推进会会议记录', '研究科普示范县创建分工'] });
  await makeJpeg(path.join(m1, 'IMG_0001.jpg'), { width: 2000, height: 1500, seed: 12, exifTime: '2023:03:08 09:30:00', offset: '+08:00', orientation: 6 });
  await makeJpeg(path.join(m1, 'IMG_0002.jpg'), { width: 2000, height: 1500, seed: 13, exifTime: '2023:03:08 09:45:00' });
  const m2 = path.join(meetings, '20230415第二次推进会');
  await makeJpeg(path.join(m2, '现场.jpg'), { width: 2000, height: 1500, seed: 14, exifTime: '2023:04:15 14:00:00' });
  const m3 = path.join(meetings, '2023年5月6日 第三次推进会');
  await makeDocx(path.join(m3, '会议纪要.docx'), { paragraphs: ['第三次推进会纪要'] });
  await fs.copyFile(path.join(m1, 'IMG_0001.jpg'), path.join(m3, '复制的照片.jpg'));
  await makeDocx(path.join(lead, '领导讲话.docx'), { paragraphs: ['在创建工作动员大会上的讲话'] });
  await fs.writeFile(path.join(lead, 'Thumbs.db'), 'junk');
  const training = path.join(base, '二、突出工作重点', '2.1 党员干部科技培训');
  await makeHeic(path.join(training, '培训照片.HEIC'));
  await makeWps(path.join(training, '培训课件.wps'));
  await makePdf(path.join(training, '加密通知.pdf'), { pages: 2, encrypted: true });
  await makeCorruptJpeg(path.join(training, '损坏的照片.jpg'));
  await makeJpeg(path.join(base, '杂项', '随手拍.jpg'), { width: 800, height: 600, seed: 15 });
  return base;
}

/**
 * An archive as the export tests use it: SAMPLE_INDICATORS, campaign codes for the 档号, the
 * clerk folder above imported, and the first meeting also filed under 2.2 (a cross-reference).
 */
export async function filedArchive(root: string) {
  const source = await writeClerkFolder(path.join(root, 'src'));
  const archive = await makeArchive(root, 'archive', ['2022-04-01', '2023-12-31']);
  await archive.updateCampaign({ orgCode: 'BGS', fonds: 'Z109', year: 2023 });
  await importPaths(archive, [source]);
  const meeting = (await listItems(archive.db)).find((i) => i.title === '第一次推进会')!;
  await archive.db.transaction(async (tx) => linkItem(tx, meeting.id, (await findIndicator(tx, '2.2'))!.id));
  return archive;
}
