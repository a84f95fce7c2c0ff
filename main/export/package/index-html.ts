// index.html at the package root: what a clerk or an inspector opens first, from a USB stick,
// with no server and no network. One file: CSS and the little script inline, no web fonts, no
// external URL. The tree is <details> elements, so it folds open and shut even with scripts off;
// the script only adds 全部展开/全部收起 and a search box. Links are relative and percent-encoded.
import { chineseDate, chineseDateTime, departmentsOf, sizeText } from '../../../shared/names';
import { itemNumber } from '../../../shared/archival-code';
import { CAPTION_LABELS, FILE_ROLE_LABELS, ITEM_KIND_LABELS, type Campaign, type Caption, type FileType } from '../../../shared/domain';
import { relativeUrl } from './names';
import { exclusionMark } from '../../check/evidence';
import type { PackageFileRef, PackageItem, PackageNode } from './layout';
import type { WebLimits } from './web-upload';

export interface IndexInput {
  campaign: Campaign;
  nodes: PackageNode[];
  generatedAt: Date;
  /** Printed page ranges of the dossier, by item id. */
  pages: Map<number, { first: number; last: number }> | null;
  dossier: string | null;
  ledger: string | null;
  web: WebLimits | null;
  counts: { indicators: number; items: number; files: number; bytes: number };
}

const TYPE_LABELS: Partial<Record<FileType, string>> = {
  jpeg: '图片', png: '图片', gif: '图片', bmp: '图片', tiff: '图片', webp: '图片', heic: '图片',
  pdf: 'PDF', docx: '文字文档', doc: '文字文档', wps: '文字文档', ole: '文档', xlsx: '表格', xls: '表格', et: '表格',
  pptx: '演示文稿', ppt: '演示文稿', zip: '压缩包', video: '视频', audio: '音频', text: '文本',
};

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function countItems(n: PackageNode): number {
  return n.items.length + n.children.reduce((s, c) => s + countItems(c), 0);
}

const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f4f1ec;color:#222;font:15px/1.65 "Microsoft YaHei","微软雅黑","PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",SimSun,sans-serif}
a{color:#0b4f8a}
a:hover{color:#b3261e}
.wrap{max-width:1120px;margin:0 auto;padding:0 20px}
header{background:#9e1b1b;color:#fff;padding:22px 0 18px;border-bottom:4px solid #d9a441}
header h1{margin:0;font-size:28px;letter-spacing:2px}
header .sub{margin:4px 0 0;font-size:16px;opacity:.92}
.stats{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0 0;padding:0;list-style:none}
.stats li{background:rgba(255,255,255,.14);border-radius:6px;padding:6px 14px;font-size:14px}
.stats b{font-size:22px;margin-right:4px}
.docs{margin:18px 0 6px;display:flex;flex-wrap:wrap;gap:10px}
.docs a{display:inline-block;background:#fff;border:1px solid #c9b79c;border-radius:6px;padding:8px 16px;text-decoration:none;font-weight:bold;color:#7a1515}
.docs a:hover{background:#fbf5ea}
.note{color:#555;font-size:14px;margin:6px 0}
.tools{position:sticky;top:0;z-index:5;background:#f4f1ec;border-bottom:1px solid #ddd3c2;padding:10px 0}
.tools .wrap{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.tools button{font:inherit;font-size:14px;padding:5px 14px;border:1px solid #b9a88c;background:#fff;border-radius:5px;cursor:pointer}
.tools button:hover{background:#fbf5ea}
.tools input{font:inherit;font-size:14px;padding:5px 10px;border:1px solid #b9a88c;border-radius:5px;min-width:280px;flex:1;max-width:420px}
#hits{color:#7a1515;font-size:14px}
main{padding:16px 0 60px}
details.ind,article.item{scroll-margin-top:64px}
details.ind{margin:8px 0;border-left:3px solid #d8c7a8;padding-left:12px}
details.ind.l1{border-left-color:#9e1b1b;background:#fff;border-radius:6px;padding:8px 14px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
summary{cursor:pointer;padding:4px 0;list-style-position:outside}
summary .code{display:inline-block;min-width:2.4em;font-weight:bold;color:#9e1b1b;margin-right:6px}
summary .t{font-weight:bold}
.l1>summary{font-size:19px}
.l2>summary{font-size:17px}
summary .score,summary .count{font-size:13px;color:#666;margin-left:8px}
summary .count.none{color:#b3261e}
.req{margin:2px 0 8px;font-size:14px;color:#444;background:#faf7f1;border-left:3px solid #e3d5bb;padding:4px 10px}
.req b{color:#7a5a1f;font-weight:normal}
.empty{color:#999;font-size:14px;margin:4px 0 8px}
article.item{background:#fff;border:1px solid #e4dccd;border-radius:6px;padding:10px 14px;margin:10px 0}
article.item h3{margin:0 0 6px;font-size:16px}
article.item.excluded{border-color:#e0a7a3;background:#fdf6f5}
article.item h3 .excl{display:inline-block;border:1px solid #b3261e;color:#b3261e;border-radius:4px;padding:0 7px;margin-left:10px;font-size:13px;vertical-align:2px}
article.item h3 .no{display:inline-block;background:#9e1b1b;color:#fff;border-radius:4px;padding:0 7px;margin-right:8px;font-size:13px;vertical-align:2px}
dl.meta{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:2px 12px;margin:0 0 8px;font-size:14px}
dl.meta dt{color:#777}
dl.meta dd{margin:0}
.desc{font-size:14px;margin:4px 0 8px;white-space:pre-wrap}
.also{font-size:13px;color:#7a5a1f;margin:0 0 6px}
ul.files{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px}
ul.files li{border:1px solid #eee5d6;border-radius:5px;padding:6px;background:#fcfbf8;font-size:13px;overflow-wrap:anywhere}
.thumb{text-decoration:none;display:flex;align-items:center;justify-content:center;height:140px;background:#f0ece4;border-radius:4px;margin-bottom:5px;overflow:hidden}
.thumb img{max-width:100%;max-height:140px;display:block}
.thumb .kind{font-size:18px;color:#8a7a5c;font-weight:bold}
.fn{font-weight:bold}
.fi{color:#777}
.cap{color:#555;margin-top:3px}
.hide{display:none!important}
mark{background:#ffe28a}
@media print{.tools{display:none}details.ind{break-inside:avoid-page}header{background:none;color:#000}}
@media (max-width:700px){dl.meta{grid-template-columns:max-content 1fr}}
`;

// The script: fold everything open or shut, and find items by any text of theirs.
const JS = `
(function(){
  var all = function(){ return Array.prototype.slice.call(document.querySelectorAll('details.ind')); };
  var items = Array.prototype.slice.call(document.querySelectorAll('article.item'));
  var hits = document.getElementById('hits');
  var saved = null; // which branches were open before a search, restored when it is cleared
  document.getElementById('open-all').onclick = function(){ all().forEach(function(d){ d.open = true; }); };
  document.getElementById('close-all').onclick = function(){ all().forEach(function(d){ d.open = false; }); };
  function openTo(el){ for (var p = el; p; p = p.parentElement) if (p.tagName === 'DETAILS') p.open = true; }
  function goTo(){ var id = decodeURIComponent(location.hash.slice(1)); var el = id && document.getElementById(id); if (el) { openTo(el); el.scrollIntoView(); } }
  window.addEventListener('hashchange', goTo);
  goTo();
  var q = document.getElementById('q');
  q.oninput = function(){
    var words = q.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    var ds = all();
    if (!words.length) {
      items.forEach(function(a){ a.classList.remove('hide'); });
      ds.forEach(function(d, i){ d.classList.remove('hide'); if (saved) d.open = saved[i]; });
      saved = null;
      hits.textContent = '';
      return;
    }
    if (!saved) saved = ds.map(function(d){ return d.open; });
    var n = 0;
    items.forEach(function(a){
      var s = a.getAttribute('data-s');
      var ok = words.every(function(w){ return s.indexOf(w) >= 0; });
      a.classList.toggle('hide', !ok);
      if (ok) n++;
    });
    ds.forEach(function(d){
      var own = (d.getAttribute('data-s') || '');
      var ownHit = words.every(function(w){ return own.indexOf(w) >= 0; });
      var any = ownHit || d.querySelector('article.item:not(.hide)') !== null;
      d.classList.toggle('hide', !any);
      d.open = any;
    });
    hits.textContent = '找到 ' + n + ' 件材料';
  };
})();
`;

function captionText(c: Caption): string {
  return (Object.keys(CAPTION_LABELS) as (keyof Caption)[])
    .filter((k) => c[k])
    .map((k) => `${CAPTION_LABELS[k]}：${c[k]}`)
    .join('；');
}

function fileCard(f: PackageFileRef): string {
  const href = relativeUrl(f.path);
  const name = f.path.slice(f.path.lastIndexOf('/') + 1);
  const kind = TYPE_LABELS[f.file.type] ?? '文件';
  const visual = f.thumb
    ? `<a class="thumb" href="${href}"><img src="${relativeUrl(f.thumb)}" loading="lazy" alt="${esc(name)}"></a>`
    : `<a class="thumb" href="${href}"><span class="kind">${esc(kind)}</span></a>`;
  const info = [FILE_ROLE_LABELS[f.file.role], kind, sizeText(f.size)];
  if (f.file.pages) info.push(`${f.file.pages} 页`);
  if (f.encoded) info.push('已按网报要求压缩');
  const cap = captionText(f.file.caption);
  return `<li>${visual}<a class="fn" href="${href}">${esc(name)}</a><div class="fi">${esc(info.join(' · '))}</div>${
    cap ? `<div class="cap">${esc(cap)}</div>` : ''
  }${f.file.warning ? `<div class="cap">注意：${esc(f.file.warning)}</div>` : ''}</li>`;
}

function itemBlock(it: PackageItem, input: IndexInput, anchor: (code: string) => string): string {
  const item = it.print.item;
  const title = item.titleSupplied ? `[${item.title}]` : item.title;
  const meta: [string, string][] = [['日期', item.date ? chineseDate(item.date) : '未注明']];
  if (item.location) meta.push(['地点', item.location]);
  if (item.responsible) meta.push(['责任者', item.responsible]);
  if (item.participants != null) meta.push(['参与人数', `${item.participants} 人`]);
  if (item.docNumber) meta.push(['文号', item.docNumber]);
  meta.push(['类别', ITEM_KIND_LABELS[item.kind]]);
  meta.push(['档号', it.print.code]);
  const pages = input.pages?.get(item.id);
  if (pages) meta.push(['台账页码', pages.first === pages.last ? `第 ${pages.first} 页` : `第 ${pages.first}—${pages.last} 页`]);
  const search = [itemNumber(it.print.number), item.title, item.date ?? '', chineseDate(item.date), item.location, item.responsible, item.docNumber, item.description, ...it.files.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)), ...it.files.map((f) => captionText(f.file.caption))]
    .join(' ')
    .toLowerCase();
  const also = it.alsoUnder.length
    ? `<p class="also">同一件材料也列在：${it.alsoUnder.map((c) => `<a href="#${anchor(c)}">${esc(c)}</a>`).join('、')}</p>`
    : '';
  // An item the export was asked to include although it does not count says so, as on paper.
  const mark = it.print.excluded ? exclusionMark(it.print.excluded) : '';
  return `<article class="item${mark ? ' excluded' : ''}" data-s="${esc(search)}">
<h3><span class="no">${itemNumber(it.print.number)}</span><a class="t" href="${relativeUrl(it.folder)}">${esc(title)}</a>${mark ? `<span class="excl">${esc(mark)}</span>` : ''}</h3>
<dl class="meta">${meta.map(([k, v]) => `<dt>${k}</dt><dd class="v">${esc(v)}</dd>`).join('')}</dl>
${item.description ? `<p class="desc">${esc(item.description)}</p>` : ''}${also}
<ul class="files">${it.files.map(fileCard).join('')}</ul>
</article>`;
}

export function renderIndex(input: IndexInput): string {
  const c = input.campaign;
  const ids = new Map<string, string>();
  const anchor = (code: string) => {
    let id = ids.get(code);
    if (!id) ids.set(code, (id = `zb${ids.size + 1}`));
    return id;
  };
  const node = (n: PackageNode): string => {
    const ind = n.indicator;
    const count = countItems(n);
    // The branches open, the leaves shut: the page reads as a table of contents with counts.
    const open = n.children.length ? ' open' : '';
    const req = [
      ind.requirement ? `<b>测评要求：</b>${esc(ind.requirement)}` : '',
      ind.department ? `<b>责任单位：</b>${esc(departmentsOf(ind.department).join('、'))}` : '',
    ].filter(Boolean);
    return `<details class="ind l${Math.min(ind.level, 4)}" id="${anchor(ind.code)}" data-s="${esc(`${ind.code} ${ind.title}`.toLowerCase())}"${open}>
<summary><span class="code">${esc(ind.code)}</span><span class="t">${esc(ind.title)}</span>${ind.score != null ? `<span class="score">${ind.score} 分</span>` : ''}<span class="count${count ? '' : ' none'}">${count ? `${count} 件材料` : '暂无材料'}</span></summary>
${req.length ? `<p class="req">${req.join('　')}</p>` : ''}${n.items.length === 0 && n.children.length === 0 ? '<p class="empty">此项指标下没有材料。</p>' : ''}
${n.items.map((it) => itemBlock(it, input, anchor)).join('\n')}
${n.children.map(node).join('\n')}
</details>`;
  };
  // Anchors in tree order, so that cross-references resolve to the same ids.
  const walkIds = (ns: PackageNode[]) => ns.forEach((n) => (anchor(n.indicator.code), walkIds(n.children)));
  walkIds(input.nodes);
  const window = c.windowStart && c.windowEnd ? `创建时段：${chineseDate(c.windowStart)}至${chineseDate(c.windowEnd)}` : '';
  const sub = ['迎检材料', c.unit, window].filter(Boolean).join(' · ');
  const docs = [
    input.dossier ? `<a href="${relativeUrl(input.dossier)}">装订台账（PDF）</a>` : '',
    input.ledger ? `<a href="${relativeUrl(input.ledger)}">归档文件目录（表格）</a>` : '',
  ].filter(Boolean);
  const k = input.counts;
  const webNote = input.web
    ? `<p class="note">本材料包为网报版：照片已压缩（每张不超过 ${sizeText(input.web.maxBytes)}，长边不超过 ${input.web.maxEdge} 像素），其他文件为原件。</p>`
    : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(c.name)} · 迎检材料</title>
<style>${CSS}</style>
</head>
<body>
<header><div class="wrap">
<h1>${esc(c.name)}</h1>
<p class="sub">${esc(sub)}</p>
<ul class="stats"><li><b>${k.indicators}</b>项指标</li><li><b>${k.items}</b>件材料</li><li><b>${k.files}</b>个文件</li><li>共 <b>${esc(sizeText(k.bytes))}</b></li></ul>
</div></header>
<div class="wrap">
${docs.length ? `<p class="docs">${docs.join('')}</p>` : ''}
<p class="note">材料按测评指标逐项排列，每件材料注明件号（与装订台账一致）。点击文件名或缩略图打开原件；点击材料题名打开它所在的文件夹。本页直接从U盘或光盘打开即可，无需联网。</p>
${webNote}<p class="note">生成时间：${esc(chineseDateTime(input.generatedAt.toISOString()))}（创建台账）</p>
</div>
<nav class="tools"><div class="wrap"><button type="button" id="open-all">全部展开</button><button type="button" id="close-all">全部收起</button><input id="q" type="search" placeholder="查找材料：题名、日期、地点、文件名……" aria-label="查找材料"><span id="hits"></span></div></nav>
<main><div class="wrap">
${input.nodes.map(node).join('\n')}
</div></main>
<script>${JS}</script>
</body>
</html>
`;
}
