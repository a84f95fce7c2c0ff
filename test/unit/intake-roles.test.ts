import { guessKind, guessRole } from '../../main/intake/roles';

describe('guessRole', () => {
  test.each([
    ['签到表.pdf', 'pdf', 'signin'],
    ['参会人员签名表.jpg', 'jpeg', 'signin'], // a photographed sign-in sheet is a sign-in sheet
    ['关于召开推进会的通知.docx', 'docx', 'notice'],
    ['邀请函.pdf', 'pdf', 'notice'],
    ['推进会会议记录.docx', 'docx', 'minutes'],
    ['会议纪要.pdf', 'pdf', 'minutes'],
    ['培训记录.wps', 'wps', 'minutes'],
    ['IMG_20230308_091530.jpg', 'jpeg', 'photo'],
    ['现场.HEIC', 'heic', 'photo'],
    ['活动照片.png', 'png', 'photo'],
    ['工作方案.pdf', 'pdf', 'attachment'],
    ['现场视频.mp4', 'video', 'attachment'],
    // Head-final: what comes last says what the file is.
    ['会议通知及签到表.pdf', 'pdf', 'signin'],
    ['签到表及会议记录.pdf', 'pdf', 'minutes'],
    ['关于印发会议纪要的通知.pdf', 'pdf', 'notice'],
    ['2023/3月推进会/签到.jpg', 'jpeg', 'signin'],
    ['签到/IMG_0001.jpg', 'jpeg', 'photo'], // only the file's own name counts
  ] as const)('%s (%s) → %s', (name, type, role) => {
    expect(guessRole(name, type)).toBe(role);
  });

  test('never guesses body', () => {
    expect(guessRole('正文.docx', 'docx')).toBe('attachment');
  });
});

describe('guessKind', () => {
  test.each([
    ['创建工作推进会', 'meeting'],
    ['全县科普工作座谈会', 'meeting'],
    ['创建全国科普示范县动员大会', 'meeting'],
    ['总结表彰大会', 'meeting'], // 会 comes after 总结
    ['科普志愿者培训会', 'training'], // tie with 会: training is listed first
    ['科普讲座', 'training'],
    ['农民学习班', 'training'],
    ['志愿者培训方案', 'plan'],
    ['工作方案.docx', 'plan'],
    ['科普工作管理制度', 'plan'],
    ['2023年工作计划', 'plan'],
    ['2023年科普工作总结', 'report'],
    ['创建工作开展情况', 'report'],
    ['自查报告.pdf', 'report'],
    ['邀请专家作科普报告（第1次）', 'training'],
    ['2023年科普报告会', 'training'],
    ['科普工作情况报告', 'report'],
    ['科普进校园', 'activity'],
    ['全国科普日', 'activity'],
    ['社区志愿服务', 'activity'],
    ['社会宣传活动', 'activity'], // 社会 is not a meeting
    ['县科协学会活动', 'activity'], // nor 学会
    ['科普文艺晚会', 'activity'], // a 晚会 is an event
    ['趣味运动会', 'activity'],
    ['活动照片', 'photos'],
    ['图片', 'photos'],
    ['红头文件', 'document'],
    ['关于成立创建工作领导小组的通知', 'document'],
    ['实施意见', 'document'],
    ['县委常委会决定', 'document'],
    ['新建文件夹 (2)', 'other'], // Windows' "New folder" says nothing
    ['其他', 'other'],
    ['IMG_0001.jpg', 'other'],
    ['', 'other'],
  ] as const)('%s → %s', (name, kind) => {
    expect(guessKind(name)).toBe(kind);
  });

  test('reads the last path segment only', () => {
    expect(guessKind('D:\\创建材料\\培训\\2023年工作总结')).toBe('report');
  });
});
