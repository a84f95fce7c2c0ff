// jieba (@node-rs/jieba), loaded once per process on first use and shared by whoever cuts Chinese
// into words: title line breaks in the dossier, filing suggestions. The dictionary takes about
// 0.3 s to load; a second copy would cost that again and as much memory.
import type { Jieba } from '@node-rs/jieba';

/** Words of the clerk's evidence jieba's dictionary lacks: 推进会 is not 推进 + 会签 + 到表. */
const CAMPAIGN_WORDS = ['推进会', '动员会', '座谈会', '培训班', '签到表', '签到册', '宣传周', '宣传月', '科普日', '科普周', '宣传栏', '志愿者', '讲解员', '应急演练', '防灾减灾'];

let loaded: Jieba | null | undefined;

/** The shared segmenter, or null when its native part cannot be loaded on this machine. */
export function jieba(): Jieba | null {
  if (loaded !== undefined) return loaded;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { dict } = require('@node-rs/jieba/dict') as typeof import('@node-rs/jieba/dict');
    const j = Jieba.withDict(dict);
    j.loadDict(Buffer.from(CAMPAIGN_WORDS.map((w) => `${w} 3000 n`).join('\n')));
    loaded = j;
  } catch {
    loaded = null;
  }
  return loaded;
}
