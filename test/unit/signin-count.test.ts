// Signed rows on a sign-in sheet, from OCR line boxes as paddle gives them: rows as one long box or
// a box per cell, a photo taken askew, empty numbered rows, a 合计 line, a second sheet on one page.
import { countSignedRows, isHeaderRow, rowsOf } from '../../main/text/signin-count';
import { boxed, PADDLE_NOTICE, PADDLE_SHEET, page, SIGNERS, signInPage, TESSERACT_SHEET } from '../helpers/text-pages';

test('the paddle reading of a sheet with 10 names: 10 signed rows, not the 20 numbered ones', () => {
  // As PP-OCRv4 read the photographed sheet.
  expect(countSignedRows(PADDLE_SHEET)).toBe(10);
  expect(rowsOf(PADDLE_SHEET)).toHaveLength(3 + 20);
  expect(countSignedRows(PADDLE_NOTICE)).toBeNull();
  // tesseract runs the header's words together and loses row 11: still 10.
  expect(countSignedRows(TESSERACT_SHEET)).toBe(10);
  // The same layout made here, with 千事 for 干事 and rows without a phone.
  expect(countSignedRows(signInPage())).toBe(10);
});

test('the same sheet read as a box per cell, and photographed 1.5° askew: still 10', () => {
  const cells = signInPage({ cells: true });
  // Each row is 5 boxes (number, unit, post, signature, phone), the signature off the printed line.
  expect(cells.lines.length).toBeGreaterThan(40);
  expect(countSignedRows(cells)).toBe(10);
  const rad = (1.5 * Math.PI) / 180;
  expect(countSignedRows(signInPage({ cells: true, tilt: rad }))).toBe(10);
  expect(countSignedRows(signInPage({ cells: true, tilt: -rad }))).toBe(10);
  expect(countSignedRows(signInPage({ tilt: rad }))).toBe(10);
  // Rows stay apart: one row per signer plus the empty ones, each read left to right.
  const rows = rowsOf(signInPage({ cells: true, tilt: rad }));
  expect(rows.find((r) => r.text.includes('刘海燕'))!.text).toBe('2 县科协 副主席 刘海燕 139****0415');
});

test('a sheet nobody signed counts 0; a notice is not a sheet (null)', () => {
  expect(countSignedRows(signInPage({ signers: [] }))).toBe(0);
  const notice = page([
    boxed('某县人民政府办公室文件', 200, 150, 1040, 230),
    boxed('某政办〔2023〕5号', 480, 330, 760, 365),
    boxed('关于召开全县科普工作推进会的通知', 260, 440, 980, 490),
    boxed('各乡镇人民政府，县直各单位：', 110, 560, 560, 595),
    boxed('请各单位参会人员于3月22日上午8:30前到县科协会议室签到。', 170, 620, 1130, 655),
    // The day's schedule and the attachment named in the notice are not a sheet either.
    boxed('8:30—9:00', 170, 680, 400, 715), boxed('签到', 600, 680, 700, 715),
    boxed('9:00—11:30', 170, 740, 400, 775), boxed('推进会', 600, 740, 760, 775),
    boxed('附件：参会人员签到表', 110, 820, 560, 855),
    boxed('某县人民政府办公室', 700, 900, 1000, 935),
    boxed('2023年2月10日', 760, 960, 990, 995),
  ]);
  expect(countSignedRows(notice)).toBeNull();
  // The sentence with 单位 and 签到 is not a header row.
  expect(isHeaderRow('请各单位参会人员于3月22日上午8:30前到县科协会议室签到。')).toBe(false);
  expect(isHeaderRow('序号 单位 职务 签名 联系电话')).toBe(true);
  expect(isHeaderRow('序号 姓名 工作单位 职务 联系方式 备注')).toBe(true);
  expect(isHeaderRow('8:30—9:00 签到')).toBe(false);
});

test('合计 and 制表人 under the table, and a second sheet photographed on the same page, are not signatures', () => {
  const p = signInPage({ signers: SIGNERS.slice(0, 4), rows: 6 });
  const below = 330 + 8 * 62;
  p.lines.push(boxed('合计：4人', 120, below, 300, below + 30), boxed('制表人：李明', 800, below, 1000, below + 30));
  // The lower half: the second sheet's title, header and three signers.
  const top2 = 1000;
  p.lines.push(
    boxed('科普工作推进会签到表（二）', 390, top2, 850, top2 + 45),
    boxed('序号 单位 职务 签名 联系电话', 120, top2 + 80, 1100, top2 + 112),
    boxed('11 县民政局 科员 黄蕾 137****2210', 140, top2 + 142, 1110, top2 + 176),
    boxed('12 县文旅局 干事 郑洁', 140, top2 + 204, 900, top2 + 238),
    boxed('13', 140, top2 + 266, 165, top2 + 292),
    boxed('14 县司法局 科员 何平', 140, top2 + 328, 900, top2 + 362),
  );
  expect(countSignedRows(p)).toBe(4 + 3);
});

test('a handwritten list under a 签到表 title, without a header row; a page with boxes lost keeps its lines', () => {
  const p = page([
    boxed('2023年科普讲座签到表', 390, 150, 850, 200),
    boxed('时间：2023年5月18日', 110, 245, 500, 280),
    boxed('张伟 县科协', 110, 320, 400, 360),
    boxed('王芳 县教育局', 110, 380, 420, 420),
    boxed('李强', 110, 440, 220, 480),
  ]);
  expect(countSignedRows(p)).toBe(3);
  // The text alone (a row of blob_pages whose boxes were damaged): one row per line.
  expect(countSignedRows({ ...p, lines: [] })).toBe(3);
});

test('two pages of one sheet are summed by the caller, each counted on its own', () => {
  const first = signInPage({ rows: 20, signers: [...SIGNERS, ...SIGNERS].slice(0, 20) });
  const second = signInPage({ signers: SIGNERS.slice(0, 7) });
  expect([first, second].map(countSignedRows)).toEqual([20, 7]);
});

test('a table printed twice side by side counts each side; 姓名 and 签名 in one header are still one table', () => {
  const header = boxed('序号 姓名 单位 签名 序号 姓名 单位 签名', 110, 340, 1130, 380);
  // Separate boxes: left side rows 1–6 signed, right side rows 21–23.
  const cells = page([boxed('大型科普讲座签到表', 390, 150, 850, 200), header]);
  for (let r = 0; r < 8; r++) {
    const y = 400 + r * 60;
    cells.lines.push(boxed(String(r + 1), 125, y, 150, y + 30));
    if (r < 6) cells.lines.push(boxed(`张${'一二三四五六'[r]}`, 190, y, 260, y + 30), boxed('东街社区', 300, y, 420, y + 30));
    cells.lines.push(boxed(String(r + 21), 640, y, 675, y + 30));
    if (r < 3) cells.lines.push(boxed(`李${'甲乙丙'[r]}`, 700, y, 770, y + 30), boxed('西街社区', 800, y, 920, y + 30));
  }
  expect(countSignedRows(cells)).toBe(6 + 3);
  // One long OCR box per row, across both sides.
  const long = page([boxed('大型科普讲座签到表', 390, 150, 850, 200), header]);
  for (let r = 0; r < 8; r++) {
    const y = 400 + r * 60;
    const left = r < 6 ? `${r + 1} 张${'一二三四五六'[r]} 东街社区` : `${r + 1}`;
    const right = r < 3 ? `${r + 21} 李${'甲乙丙'[r]} 西街社区` : `${r + 21}`;
    long.lines.push(boxed(`${left} ${right}`, 125, y, r < 3 ? 920 : 675, y + 30));
  }
  expect(countSignedRows(long)).toBe(6 + 3);
  // 序号 姓名 单位 签名 once: one person a row.
  const one = page([boxed('序号 姓名 单位 签名', 110, 340, 1130, 380), boxed('1 张伟 县科协 张伟', 125, 400, 900, 430), boxed('2 王芳 县教育局', 125, 460, 700, 490)]);
  expect(countSignedRows(one)).toBe(2);
});

test('a signature written well above its line (its own row by the centres) still counts once with its row', () => {
  const p = signInPage({ cells: true });
  // 刘海燕 signed half a row higher: between rows 1 and 2, nearer 2.
  const sig = p.lines.find((l) => l.text === '刘海燕')!;
  sig.box = sig.box.map(([x, y]) => [x, y - 24]) as typeof sig.box;
  expect(rowsOf(p).some((r) => r.text === '刘海燕')).toBe(true);
  expect(countSignedRows(p)).toBe(10);
  // A name alone in an empty row's place (someone signed under the last signer) is a person.
  const q = signInPage({ cells: true });
  q.lines.push(boxed('赵六', 780, 392 + 14 * 62 + 10, 860, 392 + 14 * 62 + 46));
  expect(countSignedRows(q)).toBe(11);
});

test('a form with units and posts printed on every row: only the rows with a name count', () => {
  // As the reviewer's sheet read: 15 rows printed with unit and post, 4 left unsigned.
  const units = ['县委办', '县政府办', '县纪委', '县财政局', '县教育局', '县委办', '县科协', '县卫健委', '县农业农村局', '县审计局', '县民政局', '县水利局', '县应急局', '县财政局', '县文旅局'];
  const people = ['张伟', '王芳', '', '李娜', '刘洋', '', '陈静', '杨磊', '赵敏', '', '黄强', '周杰', '欧阳明', '', '吴 霞'];
  const lines = [boxed('科普工作推进会签到表', 400, 150, 860, 200), boxed('序号 单位 职务 签名 联系电话', 140, 345, 1100, 390)];
  units.forEach((u, i) => {
    const y = 410 + i * 62;
    lines.push(boxed(`${i + 1} ${u} 负责人${people[i] ? ` ${people[i]} 138****${1000 + i}` : ''}`, 150, y, 1120, y + 40));
  });
  expect(countSignedRows(page(lines))).toBe(11);
});

test('names the recogniser could not read as names: every row with words still counts', () => {
  const lines = [boxed('培训签到表', 400, 150, 860, 200), boxed('序号 姓名 单位', 140, 345, 1100, 390)];
  ['乂氵口', '丨丿乙', '亅乚', '冫冖'].forEach((scrawl, i) => {
    const y = 410 + i * 62;
    lines.push(boxed(`${i + 1} ${scrawl} 县科协`, 150, y, 1120, y + 40));
  });
  expect(countSignedRows(page(lines))).toBe(4);
});
