// First guesses at a file's role and an item's kind from the names clerks give files and
// folders. They only pre-fill a form the clerk can correct, so they favour the common case.
//
// How a rule is chosen: Chinese titles are head-final — the word that says what a thing IS
// comes last ("培训方案" is a 方案, "总结表彰大会" is a 会, "推进会签到表" is a 签到表). So the
// rule whose keyword ENDS LATEST in the name wins. When two keywords end at the same place the
// rule listed first wins; that is how "培训会" is training (its training keyword "培训会" ends
// where the meeting keyword "会" does, and training is listed before meeting).
import type { FileRole, FileType, ItemKind } from '../../shared/domain';
import { IMAGE_TYPES } from '../../shared/domain';

interface Rule<T> {
  value: T;
  pattern: RegExp;
}

const ROLE_RULES: Rule<FileRole>[] = [
  { value: 'signin', pattern: /签到|签名表|签名册|签字表|签字册|点名册/g },
  { value: 'notice', pattern: /通知|邀请函|邀请/g },
  { value: 'minutes', pattern: /会议记录|纪要|记录/g },
];

// "会" alone is a meeting only when it is not part of 社会, 协会, 学会, 委员会, 工会, 基金会,
// 联合会, 体会, 机会, or an event such as 晚会, 运动会, 展会, 博览会, 庙会, 游园会, nor the start
// of 会员, 会计, 会所, 会长, 会馆, 会堂, 会费.
const MEETING_HUI = '(?<![社协学工基商员合体机晚动览展庙园])会(?![员计所长馆堂费])';

const KIND_RULES: Rule<ItemKind>[] = [
  { value: 'plan', pattern: /方案|计划|规划|制度|办法|细则|规定|章程/g },
  // A lecture is an occasion, though it is called a report: 邀请专家作科普报告, 科普报告会.
  // (Before 'report': of matches ending at the same place, the first rule wins.)
  { value: 'training', pattern: /(?<!工)作[^，。、；\s]{0,10}报告会?|(?:专题|科普|学术|辅导)?报告会|(?:专题|科普|学术|辅导)报告|宣讲/g },
  { value: 'report', pattern: /总结|报告|汇报|情况|自评|自查/g },
  { value: 'training', pattern: /培训会|培训班|培训|讲座|学习班|轮训/g },
  { value: 'meeting', pattern: new RegExp(`会议|座谈|${MEETING_HUI}`, 'g') },
  {
    value: 'activity',
    pattern: /活动|志愿|宣传|进校园|进社区|进农村|进企业|进机关|进家庭|科普日|科技周|竞赛|比赛|展览|展会|博览会|晚会|运动会|义诊|巡讲|开放日|演练|演习|大扫除|清扫/g,
  },
  { value: 'photos', pattern: /照片|图片|相片|影像/g },
  { value: 'document', pattern: /文件(?!夹)|通知|意见|决定|红头|批复|通报|公告|决议|函|名册|名单|花名册|清单/g },
];


/** The role a file plays in its item. Never 'body': which file is the main text is the caller's call. */
export function guessRole(name: string, type: FileType): FileRole {
  return pick(ROLE_RULES, stem(name)) ?? (IMAGE_TYPES.has(type) ? 'photo' : 'attachment');
}

/** The kind of item a folder or file name suggests. */
export function guessKind(name: string): ItemKind {
  return pick(KIND_RULES, stem(name)) ?? 'other';
}

function pick<T>(rules: Rule<T>[], text: string): T | null {
  let best: T | null = null;
  let bestEnd = -1;
  for (const { value, pattern } of rules) {
    for (const m of text.matchAll(pattern)) {
      const end = m.index + m[0].length;
      if (end > bestEnd) {
        best = value;
        bestEnd = end;
      }
    }
  }
  return best;
}

/** Drops a file extension and any folder part, so "a/b/工作方案.docx" is read as "工作方案". */
function stem(name: string): string {
  const base = name.split(/[\\/]/).filter(Boolean).pop() ?? '';
  return base.replace(/\.[A-Za-z0-9]{1,5}$/, '');
}
