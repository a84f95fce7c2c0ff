// What the demo's sample documents say: the occasions of each indicator with consistent dates (a
// notice a few days before its meeting, the sign-in sheet, photos and minutes on the day), and the
// Chinese text of notices, minutes, plans and reports as a county 科协 would write them.
import { guessKind } from '../intake/roles';
import { chineseDate } from './sample-files';
import type { Indicator } from '../../shared/domain';

export const OFFICE = '某县科学技术协会';
export const OFFICE_SHORT = '县科协';
export const DOC_PREFIX = '某科协发';
export const CHAIR = { name: '王建国', post: '县科协主席' };
export const DEPUTY = { name: '刘海燕', post: '县科协副主席' };
export const CLERK = { name: '李明', post: '县科协办公室科员' };

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const WEEK = ['日', '一', '二', '三', '四', '五', '六'];

export const SIGNERS: { name: string; unit: string; post: string }[] = [
  { name: '王建国', unit: '县科协', post: '主席' },
  { name: '刘海燕', unit: '县科协', post: '副主席' },
  { name: '张丽华', unit: '县教育局', post: '副局长' },
  { name: '陈志强', unit: '城关镇人民政府', post: '副镇长' },
  { name: '赵文斌', unit: '县科技局', post: '副局长' },
  { name: '孙红梅', unit: '县卫生健康局', post: '科长' },
  { name: '周永刚', unit: '县人力资源社会保障局', post: '副局长' },
  { name: '吴晓燕', unit: '县民政局', post: '科长' },
  { name: '郑海涛', unit: '县农业农村局', post: '副局长' },
  { name: '黄秀英', unit: '县妇联', post: '副主席' },
  { name: '马俊杰', unit: '团县委', post: '副书记' },
  { name: '胡建平', unit: '县融媒体中心', post: '副主任' },
  { name: '林小芳', unit: '县文化和旅游局', post: '科长' },
  { name: '何志明', unit: '河西镇人民政府', post: '副镇长' },
  { name: '罗春花', unit: '县科协', post: '科员' },
  { name: '高文军', unit: '县总工会', post: '副主席' },
  { name: '梁晓东', unit: '县应急管理局', post: '科长' },
  { name: '宋玉兰', unit: '城关镇第一小学', post: '校长' },
  { name: '谢国强', unit: '县图书馆', post: '馆长' },
  { name: '韩雪梅', unit: '县科协', post: '科员' },
  { name: '唐志华', unit: '东山乡人民政府', post: '副乡长' },
  { name: '冯立新', unit: '县财政局', post: '科长' },
];

const MEETING_PLACES = ['县科协三楼会议室', '县政府二楼第一会议室', '县科技馆报告厅', '县委党校报告厅'];
const ACTIVITY_SITES = ['城关镇人民广场', '河西镇文化广场', '东山乡综合文化站', '城关镇幸福社区', '县科技馆'];
const SCHOOLS = ['城关镇第一小学', '县第二中学', '河西镇中心小学', '东山乡中学', '县实验小学'];

export type OccasionKind = 'meeting' | 'training' | 'activity';

export interface Occasion {
  indicator: Indicator;
  kind: OccasionKind;
  /** Folder name without the date, as the clerk named it: 第一次推进会. */
  folderTitle: string;
  /** The full name on notices and banners: 全国科普示范县创建工作第一次推进会. */
  fullTitle: string;
  date: string;
  noticeDate: string;
  docNumber: string;
  place: string;
  signers: typeof SIGNERS;
  seed: number;
}

export interface DocumentPlan {
  indicator: Indicator;
  /** Files written into the indicator's folder. */
  files: { name: string; kind: 'notice' | 'docx'; date: string; docNumber?: string; title: string }[];
}

// ---------------------------------------------------------------------------------------------
// Dates

export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function dow(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

/** The next working day (Saturday and Sunday move to Monday). */
function workday(iso: string): string {
  const w = dow(iso);
  return w === 6 ? addDays(iso, 2) : w === 0 ? addDays(iso, 1) : iso;
}

/** The working day before (Saturday and Sunday move back to Friday). */
function workdayBefore(iso: string): string {
  const w = dow(iso);
  return w === 6 ? addDays(iso, -1) : w === 0 ? addDays(iso, -2) : iso;
}

/** 2022年6月8日（星期三） */
export function dateWithWeekday(iso: string): string {
  return `${chineseDate(iso)}（星期${WEEK[dow(iso)]}）`;
}

/** EXIF time on a day: 'YYYY:MM:DD HH:MM:SS'. */
export function exifAt(iso: string, hour: number, minute: number, second = 0): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${iso.replace(/-/g, ':')} ${p(hour)}:${p(minute)}:${p(second)}`;
}

// ---------------------------------------------------------------------------------------------
// Plan

const WINDOW_START = '2022-04-06';
const LAST_DAY = '2023-03-17';

/** Leaves proven by documents alone, not by occasions. */
function documentLeaf(ind: Indicator): boolean {
  return /领导小组$|配备专人|方案$/.test(ind.title);
}

function stripVerb(title: string): string {
  return title.replace(/^(召开|举办|开展|组织|邀请专家作|联合[^，]*?开展|向群众)/, '');
}

function occasionNames(ind: Indicator, k: number, wanted: number, site: string): { folder: string; full: string; kind: OccasionKind } {
  let rest = stripVerb(ind.title);
  const nth = CN[k] ?? String(k + 1);
  if (/推进会$/.test(rest)) {
    const folder = wanted > 1 ? `第${nth}次推进会` : '推进会';
    return { folder, full: `全国科普示范县创建工作${folder}`, kind: 'meeting' };
  }
  if (/动员大会$/.test(rest)) return { folder: rest, full: `全国科普示范县${rest}`, kind: 'meeting' };
  if (rest === '集中学习') {
    const folder = `第${nth}次干部职工集中学习会`;
    return { folder, full: folder, kind: 'meeting' };
  }
  if (/科普报告$/.test(rest)) {
    const folder = wanted > 1 ? `第${nth}场专家科普报告会` : '专家科普报告会';
    return { folder, full: `党员干部${folder}`, kind: 'training' };
  }
  if (/培训$/.test(rest)) {
    const folder = wanted > 1 ? `第${nth}期${rest}` : rest;
    return { folder, full: `2022年度${folder}`, kind: 'training' };
  }
  if (/^老年人/.test(rest)) rest = '助老科普进社区活动';
  else if (/^发放/.test(rest)) rest = `${rest.slice(2)}发放活动`;
  else if (guessKind(rest) === 'other' || guessKind(rest) === 'document') rest = `${rest}活动`;
  const folder = wanted > 1 ? `${rest}（${site}）` : rest;
  return { folder, full: folder, kind: guessKind(folder) === 'training' ? 'training' : 'activity' };
}

/** Every occasion and document of the demo, dated, with notices numbered in date order. */
export function planSamples(leaves: Indicator[]): { occasions: Occasion[]; documents: DocumentPlan[] } {
  const occasions: Occasion[] = [];
  const documents: DocumentPlan[] = [];
  let seed = 1;
  for (const [L, ind] of leaves.entries()) {
    if (documentLeaf(ind)) {
      if (/领导小组$/.test(ind.title)) {
        documents.push({ indicator: ind, files: [{ name: '关于成立创建工作领导小组的通知.pdf', kind: 'notice', date: '2022-04-07', title: '关于成立创建工作领导小组的通知' }] });
      } else if (/配备专人/.test(ind.title)) {
        documents.push({ indicator: ind, files: [{ name: '2022-04-11 领导小组办公室工作人员名单.docx', kind: 'docx', date: '2022-04-11', title: '创建工作领导小组办公室工作人员名单' }] });
      } else {
        documents.push({
          indicator: ind,
          files: [
            { name: '关于印发《全国科普示范县创建工作方案》的通知.pdf', kind: 'notice', date: '2022-04-15', title: '关于印发《全国科普示范县创建工作方案》的通知' },
            { name: '2022-04-15 全国科普示范县创建工作方案.docx', kind: 'docx', date: '2022-04-15', title: '全国科普示范县创建工作方案' },
          ],
        });
      }
      continue;
    }
    const countable = ind.target && ['次', '场', '所'].includes(ind.target.unit);
    const wanted = Math.min(countable ? ind.target!.count : 1, 3);
    for (let k = 0; k < wanted; k++) {
      const sites = /校园/.test(ind.title) ? SCHOOLS : ACTIVITY_SITES;
      const site = sites[(L + k) % sites.length];
      const names = occasionNames(ind, k, wanted, site);
      let date: string;
      if (/动员大会/.test(ind.title)) date = '2022-04-19';
      else if (/科普日/.test(ind.title)) date = '2022-09-17'; // the third Saturday of September
      else {
        const offset = wanted === 1 ? 40 + ((L * 47) % 280) : 30 + Math.floor((k * 300) / wanted) + ((L * 13) % 45);
        date = workday(addDays(WINDOW_START, offset));
      }
      if (date > LAST_DAY) date = workdayBefore(LAST_DAY);
      const place = names.kind === 'activity' ? site : MEETING_PLACES[(L + k) % MEETING_PLACES.length];
      const count = names.kind === 'activity' ? 6 + ((L + k) % 5) : 9 + ((L * 3 + k * 5) % 10);
      const start = (L * 5 + k * 3) % SIGNERS.length;
      const signers = Array.from({ length: count }, (_, i) => SIGNERS[(start + i) % SIGNERS.length]);
      occasions.push({
        indicator: ind,
        kind: names.kind,
        folderTitle: names.folder,
        fullTitle: names.full,
        date,
        noticeDate: workdayBefore(addDays(date, -(3 + ((L + k) % 4)))),
        docNumber: '',
        place,
        signers,
        seed: seed++,
      });
    }
  }
  // 文号 run per year in date order, over the notices of occasions and documents alike.
  const numbered: { date: string; set: (n: string) => void }[] = [
    ...occasions.map((o) => ({ date: o.noticeDate, set: (n: string) => (o.docNumber = n) })),
    ...documents.flatMap((d) => d.files.filter((f) => f.kind === 'notice').map((f) => ({ date: f.date, set: (n: string) => (f.docNumber = n) }))),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const next = new Map<string, number>([['2022', 8], ['2023', 2]]);
  for (const x of numbered) {
    const y = x.date.slice(0, 4);
    const n = next.get(y) ?? 1;
    next.set(y, n + 1);
    x.set(`${DOC_PREFIX}〔${y}〕${n}号`);
  }
  return { occasions, documents };
}

// ---------------------------------------------------------------------------------------------
// Texts

const ADDRESSEE = '各乡镇（街道）科协，县直各有关单位：';

export function noticeFor(o: Occasion): { title: string; addressee: string; body: string[] } {
  const when = `${dateWithWeekday(o.date)}上午9:00`;
  if (o.kind === 'meeting') {
    return {
      title: `关于召开${o.fullTitle}的通知`,
      addressee: ADDRESSEE,
      body: [
        `为深入贯彻落实全国科普示范县创建工作部署，经研究，决定召开${o.fullTitle}。现将有关事项通知如下：`,
        `一、会议时间：${when}。`,
        `二、会议地点：${o.place}。`,
        '三、参会人员：领导小组成员，各乡镇（街道）科协主席。',
        '四、会议内容：通报创建进展，部署下一阶段工作。',
        `五、有关要求：请提前10分钟到会签到，不得无故缺席。联系人：${CLERK.name}，电话：83210456。`,
      ],
    };
  }
  const verb = o.kind === 'training' ? '举办' : '开展';
  return {
    title: `关于${verb}${o.fullTitle}的通知`,
    addressee: ADDRESSEE,
    body: [
      `为推进全国科普示范县创建工作，经研究，决定${verb}${o.fullTitle}。现将有关事项通知如下：`,
      `一、时间：${when}。`,
      `二、地点：${o.place}。`,
      o.kind === 'training'
        ? '三、参加人员：县直各单位党员干部，各乡镇（街道）科协工作人员。'
        : '三、参加人员：县科协全体干部职工，各有关单位科普志愿者。',
      o.kind === 'training'
        ? '四、培训内容：现代科技知识、现代管理知识和科学素质提升相关内容，由有关专家授课。'
        : '四、活动内容：设置咨询台、展板，发放科普资料，现场讲解科普知识，解答群众咨询。',
      `五、工作要求：请按时组织人员参加，做好签到、记录和影像资料留存。联系人：${CLERK.name}，电话：83210456。`,
    ],
  };
}

export function recordFor(o: Occasion): { fileName: string; title: string; lines: string[] } {
  const names = o.signers.map((s) => s.name).join('、');
  const time = `时间：${dateWithWeekday(o.date)}上午9:00—11:30`;
  if (o.kind === 'meeting') {
    return {
      fileName: '会议记录.docx',
      title: '会议记录',
      lines: [
        `会议名称：${o.fullTitle}`,
        time,
        `地点：${o.place}`,
        `主持人：${CHAIR.name}（${CHAIR.post}）`,
        `记录人：${CLERK.name}`,
        `参会人员：${names}（共${o.signers.length}人，见签到表）`,
        '缺席人员：无',
        '议题：一是通报前一阶段创建工作进展情况；二是研究解决创建工作中存在的问题；三是安排部署下一阶段重点工作。',
        '一、会议内容',
        '（一）通报工作进展',
        `${DEPUTY.name}同志通报了前一阶段全县科普示范县创建工作进展情况。各成员单位按照创建工作方案分工，扎实开展科普宣传、科技培训和志愿服务活动，创建工作总体进展顺利。`,
        '（二）研究存在问题',
        '与会人员逐项对照测评体系查找短板，认为部分单位台账资料不够规范、活动照片说明填写不全，基层科普阵地作用发挥还不够充分。',
        '（三）部署下一阶段工作',
        `${CHAIR.name}同志强调，各单位要对照测评标准逐项抓好落实，做到有计划、有活动、有记录、有成效，按月报送工作进展，确保创建工作按期通过验收。`,
        '二、议定事项',
        '1.各成员单位于本月底前报送创建工作台账资料，由县创建办统一审核。',
        '2.县科协牵头组织一次台账资料专项检查，检查结果在下次推进会上通报。',
      ],
    };
  }
  if (o.kind === 'training') {
    return {
      fileName: '培训记录.docx',
      title: '培训记录',
      lines: [
        `培训名称：${o.fullTitle}`,
        time,
        `地点：${o.place}`,
        '主讲人：市科技馆研究员 杨春林',
        `主持人：${DEPUTY.name}（${DEPUTY.post}）`,
        `参训人员：${names}等（共${o.signers.length}人，见签到表）`,
        '一、培训内容',
        '（一）现代科技发展趋势',
        '主讲人围绕人工智能、新能源、生物医药等领域的最新进展作了讲解，结合本县产业实际分析了科技创新带来的发展机遇。',
        '（二）科学素质提升',
        '主讲人讲解了公民科学素质基准的主要内容，介绍了识别伪科学、谣言的方法，并与参训人员互动交流。',
        '二、培训效果',
        '参训人员普遍反映培训内容实用、针对性强，进一步增强了学科学、用科学的意识。培训结束后进行了随堂测试，合格率100%。',
      ],
    };
  }
  return {
    fileName: '活动记录.docx',
    title: '活动记录',
    lines: [
      `活动名称：${o.fullTitle}`,
      time,
      `地点：${o.place}`,
      `负责人：${DEPUTY.name}（${DEPUTY.post}）`,
      `参加人员：${names}等科普志愿者（见签到表）`,
      '一、活动内容',
      '（一）现场宣传',
      '活动现场设置科普咨询台2个、展板12块，志愿者向过往群众发放科普宣传资料，讲解防范电信诈骗、健康生活、应急避险等科普知识。',
      '（二）互动体验',
      '组织群众参与科普知识有奖问答和科学小实验体验，现场气氛热烈。',
      '二、活动成效',
      '本次活动发放宣传资料300余份，解答群众咨询50余人次，进一步营造了全民学科学、爱科学、用科学的浓厚氛围。',
    ],
  };
}

export function leadingGroupNotice(): { title: string; addressee: string; body: string[] } {
  return {
    title: '关于成立创建工作领导小组的通知',
    addressee: '各科室、各直属单位：',
    body: [
      '为加强对全国科普示范县创建工作的组织领导，确保创建工作顺利推进，经研究，决定成立创建工作领导小组。现将组成人员通知如下：',
      `组　长：${CHAIR.name}　${CHAIR.post}`,
      `副组长：${DEPUTY.name}　${DEPUTY.post}`,
      '成　员：赵文斌　孙红梅　周永刚　吴晓燕　郑海涛　黄秀英　马俊杰　胡建平',
      `领导小组下设办公室，办公室设在县科协，由${DEPUTY.name}同志兼任办公室主任，负责创建工作的日常组织协调、督促检查和台账资料管理。`,
    ],
  };
}

export function planNotice(): { title: string; addressee: string; body: string[] } {
  return {
    title: '关于印发《全国科普示范县创建工作方案》的通知',
    addressee: ADDRESSEE,
    body: [
      '现将《全国科普示范县创建工作方案》印发给你们，请结合实际，认真抓好贯彻落实。',
      '附件：全国科普示范县创建工作方案',
    ],
  };
}

export function planDocx(): { title: string; lines: string[]; right: string[] } {
  return {
    title: '全国科普示范县创建工作方案',
    lines: [
      '为深入实施全民科学素质行动，全面提升全县公民科学素质，根据上级关于开展全国科普示范县创建工作的部署要求，结合我县实际，制定本方案。',
      '一、指导思想',
      '以提升全民科学素质为目标，坚持政府推动、全民参与、提升素质、促进和谐的方针，把科普工作融入经济社会发展全局，推动科普示范县创建工作有力有序开展。',
      '二、目标任务',
      '到2023年3月底，全县公民具备科学素质比例明显提高，科普基础设施进一步完善，科普工作机制健全，各项指标达到全国科普示范县创建标准，顺利通过验收。',
      '三、组织领导',
      `成立由${CHAIR.post}任组长的创建工作领导小组，领导小组下设办公室，配备专门工作人员不少于6名，具体负责创建各项工作。`,
      '四、工作步骤',
      '（一）动员部署阶段（2022年4月—5月）',
      '召开创建工作动员大会，制定工作方案，分解目标任务，明确责任单位和完成时限。',
      '（二）组织实施阶段（2022年6月—2023年1月）',
      '各单位按照分工，全面开展党员干部科技培训、重点人群科学素质提升、科技志愿服务和科普宣传活动，建立健全工作台账。',
      '（三）总结验收阶段（2023年2月—3月）',
      '对照测评体系逐项开展自查自评，查漏补缺，整理归档台账资料，迎接上级检查验收。',
      '五、工作要求',
      '（一）提高思想认识',
      '各单位要充分认识创建工作的重要意义，把创建工作列入重要议事日程，主要负责同志亲自抓、负总责。',
      '（二）强化督促检查',
      '县创建办要定期对各单位创建工作进展情况进行督查，每季度通报一次，对工作不力的单位予以通报批评。',
    ],
    right: [OFFICE, chineseDate('2022-04-15')],
  };
}

export function staffDocx(): { title: string; lines: string[]; right: string[] } {
  return {
    title: '创建工作领导小组办公室工作人员名单',
    lines: [
      `主　任：${DEPUTY.name}（${DEPUTY.post}）`,
      `副主任：罗春花（县科协科员）`,
      '一、工作人员及分工',
      `${CLERK.name}：负责综合协调、会议组织和台账资料管理。`,
      '韩雪梅：负责科普宣传和信息报送。',
      '罗春花：负责培训和志愿服务活动组织。',
      '胡建平：负责宣传报道和影像资料收集。',
      '赵文斌：负责科技创新竞赛和金点子征集活动。',
      '孙红梅：负责健康科普和“全国科普日”活动。',
    ],
    right: [OFFICE, chineseDate('2022-04-11')],
  };
}

export function reportDocx(ind: Indicator, held: Occasion[], date: string): { title: string; lines: string[]; right: string[] } {
  const list = held.map((o) => `${chineseDate(o.date)}${o.fullTitle}`).join('；');
  return {
    title: `关于${ind.title}工作情况的说明`,
    lines: [
      '一、基本情况',
      `按照创建测评体系“${ind.requirement || ind.title}”的要求，我单位在创建时段内${held.length ? `共组织开展相关活动${held.length}次：${list}。` : '认真组织落实了相关工作。'}`,
      '二、主要做法',
      '（一）加强组织领导',
      '成立工作专班，明确分管领导和具体责任人，制定实施计划，确保各项工作落到实处。',
      '（二）注重过程管理',
      '每次活动做到有通知、有签到、有记录、有照片，资料及时整理归档，形成完整工作台账。',
      '三、取得成效',
      '通过扎实开展各项工作，干部群众的科学素质明显提升，学科学、用科学的氛围日益浓厚，为创建全国科普示范县奠定了坚实基础。',
    ],
    right: [OFFICE, chineseDate(date)],
  };
}
