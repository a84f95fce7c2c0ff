// The LAN server's own small pages: sign-in (also on a phone) and a phone's upload page for one
// item. Plain HTML with a strict policy of their own: no inline script (the phone page's script
// is a file of this server), styles inline.
import type { Item } from '../../shared/domain';

/** The policy of these pages: nothing but this server; forms post only here. */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
body { font: 16px/1.6 "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0; background: #f4f6f8; color: #1f2933; }
main { max-width: 420px; margin: 8vh auto; background: #fff; padding: 28px 24px; border-radius: 10px; box-shadow: 0 2px 12px rgba(0,0,0,.08); }
h1 { font-size: 22px; margin: 0 0 4px; } p.sub { color: #616e7c; margin: 0 0 20px; }
label { display: block; margin: 14px 0 4px; font-weight: 600; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box; font-size: 18px; padding: 10px 12px; border: 1px solid #cbd2d9; border-radius: 6px; }
button, .big { display: block; width: 100%; box-sizing: border-box; margin-top: 22px; font-size: 20px; padding: 14px; border: 0; border-radius: 8px; background: #1d63c9; color: #fff; text-align: center; cursor: pointer; }
.error { background: #fdecea; color: #a61b1b; padding: 10px 12px; border-radius: 6px; margin: 12px 0 0; }
.ok { background: #e6f4ea; color: #1e6b35; padding: 10px 12px; border-radius: 6px; margin: 12px 0 0; }
input[type=file] { position: absolute; left: -9999px; }
#status { min-height: 1.6em; margin-top: 14px; }
`;

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — 创建台账</title>${head}<style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The sign-in form; `next`: where to go after (checked by the gate), `error`: why the last try failed. */
export function loginPage(opts: { next: string; error?: string; campaign?: string }): string {
  return page(
    '登录',
    `<h1>创建台账 · 登录</h1>
<p class="sub">${opts.campaign ? `${esc(opts.campaign)}：` : ''}请用创建办发给您的账号和密码登录。</p>
${opts.error ? `<p class="error" role="alert">${esc(opts.error)}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="next" value="${esc(opts.next)}">
<label for="name">账号</label><input type="text" id="name" name="name" autocomplete="username" autocapitalize="off" required autofocus>
<label for="password">密码</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">登录</button>
</form>`,
  );
}

/** A phone's page for one item: take or choose photos, they go into the item. */
export function phonePage(item: Item, csrf: string): string {
  const photos = item.files.filter((f) => f.role === 'photo').length;
  return page(
    '上传照片',
    `<h1>上传照片</h1>
<p class="sub">第 ${item.id} 号材料：${esc(item.title)}<br>已有 ${item.files.length} 个文件${photos ? `（其中照片 ${photos} 张）` : ''}。</p>
<form id="upload" data-item="${item.id}">
<label class="big" for="photos">拍照或选择照片</label>
<input type="file" id="photos" accept="image/*" capture="environment" multiple>
</form>
<p id="status" role="status"></p>`,
    `<meta name="tz-csrf" content="${esc(csrf)}"><script src="/m/phone.js" defer></script>`,
  );
}

/** What the phone page does: each photo to /upload, then all of them into the item (files.add). */
export const PHONE_SCRIPT = `'use strict';
(function () {
  var form = document.getElementById('upload');
  var input = document.getElementById('photos');
  var status = document.getElementById('status');
  var csrf = document.querySelector('meta[name="tz-csrf"]').getAttribute('content');
  var item = Number(form.getAttribute('data-item'));
  function say(text, kind) { status.textContent = text; status.className = kind || ''; }
  function post(url, body, type) {
    var headers = { 'X-Taizhang-Token': csrf };
    if (type) headers['Content-Type'] = type;
    return fetch(url, { method: 'POST', headers: headers, body: body, credentials: 'same-origin' }).then(function (r) {
      return r.json().catch(function () { return { ok: false, error: { message: '服务没有收下（' + r.status + '），请重新登录后再试。' } }; });
    });
  }
  input.addEventListener('change', function () {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) return;
    var batch = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    var paths = [];
    var i = 0;
    function next() {
      if (i >= files.length) {
        say('正在存入材料……');
        return post('/api/files.add', JSON.stringify({ id: item, paths: paths }), 'application/json').then(function (a) {
          if (!a.ok) return say(a.error.message, 'error');
          say('已上传 ' + a.value.added + ' 张照片' + (a.value.already ? '（另有 ' + a.value.already + ' 张此前已上传）' : '') + '。可以继续拍照。', 'ok');
          input.value = '';
        });
      }
      var f = files[i];
      var name = (i + 1) + '-' + (f.name || 'photo.jpg');
      say('正在上传第 ' + (i + 1) + ' 张，共 ' + files.length + ' 张……');
      return post('/upload?batch=' + batch + '&path=' + encodeURIComponent(name), f).then(function (a) {
        if (!a.ok) return say(a.error.message, 'error');
        paths.push(a.value.root);
        i++;
        return next();
      });
    }
    next().catch(function () { say('连接断开了，请确认手机连着单位的网络，然后重试。', 'error'); });
  });
})();
`;
