// The service behind every door. call() is what the Electron IPC handler and the web-mode HTTP
// handler invoke: it checks the method name and parses the argument with the schema from
// shared/api.ts, runs the method against the open archive, and answers {ok, value} or
// {ok: false, error} — never a thrown error, never a stack trace for the clerk.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Archive } from '../archive/archive';
import { databaseErrorFor } from '../archive/io-errors';
import { restoreArchive } from '../archive/backup';
import { sql } from '../archive/db';
import { listIndicators } from '../archive/indicators-repo';
import { listItems, setCaption, updateItem } from '../archive/items-repo';
import { searchItems } from '../archive/search';
import { selfCheck } from '../check/self-check';
import { importIndicators, previewForArchive } from '../indicators/service';
import { addIndicator, deleteIndicator, moveIndicator, undoIndicatorEdit, updateIndicator, StaleUndoError, type EditOutcome, type IndicatorInverse } from '../indicators/edit';
import { DEFAULT_ACTOR, listChanges } from '../archive/change-log';
import { API, isApiMethod, type ApiEvent, type IndicatorEditResult, type ItemsActionResult, type ApiMethod, type ArchiveInfo, type ArgsOf, type ResultOf, type SessionState } from '../../shared/api';
import { TaizhangError, type ErrorInfo, type Result } from '../../shared/errors';
import { SchemaError } from '../../shared/schema';
import type { Item, StoredFile } from '../../shared/domain';
import type { CheckReport } from '../../shared/check-types';
import type { Desktop } from './desktop';
import { dashboard, indicatorTree } from './overview';
import { itemSummaries } from './item-summaries';
import { JOB_LABELS, JobRunner } from './jobs';
import { exportDir, jobWork } from './job-work';
import { moveFile, setFileRole } from './file-order';
import { stateIndicator } from '../indicators/statement';
import { keepOnlyCopy } from '../check/keep-photo';
import { RecentArchives } from './recent';
import { openCopy } from './open-copy';
import { ItemsUndoStack } from '../items/undo';
import type { ItemsOutcome } from '../items/action';
import { linkItems, moveItems, restoreItems, trashItems, unlinkItems, updateItems } from '../items/selection';
import { mergeItems, splitItem } from '../items/merge-split';
import { captionFiles, moveFiles, removeFiles, reorderFiles } from '../items/file-actions';
import { purgeTrash } from '../items/trash';
import { BackgroundReader } from '../text/background';
import { markPending } from '../text/reader';
import { pageTexts } from '../text/page-store';
import { acceptSuggestions, filingForUnfiled, itemSuggestions, itemsReading } from '../text/suggestions';
import { actingAs, currentActor, currentCaller, logName, type Caller } from './actor';
import { authorize, isWrite, limitResult, mayDownload, mayReadStored, type Door } from './access';
import { listAudit, recordAudit } from '../collect/audit';
import { addUser, lanAccounts, listUsers, updateUser, type LanAccounts } from '../collect/users';
import type { Actor } from '../../shared/collect-types';
import { addFiles } from '../collect/add-files';
import { fillingInfo } from '../collect/packet/filling';
import { openPacket } from '../collect/packet/open';
import { reviewItems } from '../collect/review';
import { addDepartment, departmentDetail, departmentsOverview, returnAssignment, setAssignments, updateDepartment } from '../collect/departments';
import { itemVersions } from '../collect/versions';

export interface ApiOptions {
  /** Where the app keeps its own state (recent archives). */
  stateDir: string;
  desktop: Desktop | null;
  version: string;
  /** Who the change log names for edits made through this door; default 创建台账. */
  actor?: string;
  /**
   * Read new evidence in the background (文字识别) after an import and when an archive with files
   * waiting is opened. The app and web mode do; tests and scripts start it with text.start.
   */
  autoRead?: boolean;
  /** Which door serves this api: desktop (Electron), web (one clerk, token), lan (accounts). Default web. */
  door?: Door;
}

export interface Api {
  /**
   * Validates the method name and the argument against shared/api.ts, checks what the caller
   * may do, then runs the service as the caller (default 本机). Never throws.
   */
  call(method: unknown, args: unknown, caller?: Caller): Promise<Result<unknown>>;
  onEvent(listener: (e: ApiEvent) => void): () => void;
  /** The open archive's folder, or null. */
  archiveDir(): string | null;
  /** MIME type of a stored file named by its relative path (for the file protocol), or null — also when `actor` may not see it. */
  mimeOf(rel: string, actor?: Actor): Promise<string | null>;
  /** A finished job's output file, for downloading; null when there is none (or `actor` may not have it). */
  jobOutput(id: string, actor?: Actor): string | null;
  /** The accounts of the open archive, for the LAN door's sign-in. */
  accounts: LanAccounts;
  /** Opens an archive without going through call() (command line of web mode, tests). */
  open(dir: string): Promise<SessionState>;
  close(): Promise<void>;
}

type Handlers = { [M in ApiMethod]: (args: ArgsOf<M>) => Promise<ResultOf<M>> };

export function describeError(caught: unknown): ErrorInfo {
  const e = databaseErrorFor(caught) ?? caught;
  if (e instanceof TaizhangError) return { code: e.code, message: e.message };
  if (e instanceof SchemaError) return { code: 'BAD_INPUT', message: e.message, ...(e.path && { field: e.path }) };
  const code = (e as { code?: string } | null)?.code;
  if (code === 'ENOENT') return { code: 'NOT_FOUND', message: `找不到文件或文件夹：${(e as { path?: string }).path ?? ''}。请检查路径。` };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'BAD_INPUT', message: `没有权限访问：${(e as { path?: string }).path ?? ''}。请换一个位置。` };
  if (code === 'ENOSPC') return { code: 'BAD_INPUT', message: '磁盘空间不足，请清理磁盘或换一个位置后重试。' };
  // The details go to the log for whoever maintains the app, not to the clerk.
  console.error(e);
  return { code: 'INTERNAL', message: '软件内部出错，操作没有完成。请重试；如果反复出现，请把日志发给技术人员。' };
}

export function createApi(opts: ApiOptions): Api {
  let archive: Archive | null = null;
  const listeners = new Set<(e: ApiEvent) => void>();
  const door: Door = opts.door ?? (opts.desktop ? 'desktop' : 'web');
  // The self-check's report feeds the tree, the dashboard and the check panel. It is computed
  // once per state of the archive: on opening (so the first screen finds it ready) and again
  // after a change; 重新检查 (check.run) always computes afresh, for changes made elsewhere.
  let report: { archive: Archive; promise: Promise<CheckReport> } | null = null;
  const checkReport = (a: Archive, fresh = false): Promise<CheckReport> => {
    if (fresh || report?.archive !== a) {
      const promise = selfCheck(a);
      report = { archive: a, promise };
      promise.catch(() => {
        if (report?.promise === promise) report = null;
      });
    }
    return report!.promise;
  };
  const emit = (e: ApiEvent) => {
    if (e.type === 'changed') report = null;
    for (const l of listeners) l(e);
  };
  const jobs = new JobRunner((job) => emit({ type: 'job', job }), describeError);
  const recent = new RecentArchives(opts.stateDir);
  // The change log's name for whoever makes the call being served (an account on the LAN).
  const actorName = () => logName(currentActor(), opts.actor ?? DEFAULT_ACTOR);
  // Undo of indicator edits, for this session and the open archive only: newest last.
  const undoStack: IndicatorInverse[] = [];
  // Undo of actions on items and files (move, merge, captions …), likewise.
  const itemsUndo = new ItemsUndoStack();

  const need = (): Archive => {
    if (!archive) throw new TaizhangError('NOT_AN_ARCHIVE', '还没有打开档案，请先打开或新建一个档案。');
    return archive;
  };
  const info = async (a: Archive): Promise<ArchiveInfo> => ({
    dir: a.dir,
    campaign: await a.campaign(),
    exportDir: await exportDir(a),
    readOnly: a.readOnlyReason,
    filling: await fillingInfo(a),
  });
  const state = async (): Promise<SessionState> => ({
    archive: archive ? await info(archive) : null,
    recent: await recent.list(),
    desktop: opts.desktop != null,
    version: opts.version,
    actor: currentActor(),
    door,
  });
  // The background reader of the open archive: its progress as events; the items it read are
  // announced as changed at most every five seconds (each announcement redoes the self-check).
  let reader: BackgroundReader | null = null;
  let readChanges: NodeJS.Timeout | null = null;
  const readerFor = (a: Archive): BackgroundReader =>
    new BackgroundReader(a, {
      emit: (progress) => {
        if (reader && archive === a) emit({ type: 'text', progress });
      },
      onSaved: () => {
        readChanges ??= setTimeout(() => {
          readChanges = null;
          if (archive === a) changed('items');
        }, 5000);
      },
      onError: (e) => console.error(e),
    });
  const readNew = async (a: Archive) => {
    if (!opts.autoRead || a.readOnly || archive !== a || !reader) return;
    if ((await markPending(a)) > 0 || (await reader.status()).pending > 0) await reader.start();
  };
  const closeArchive = async () => {
    if (!archive) return;
    jobs.cancelAll();
    const r = reader;
    reader = null;
    if (readChanges) clearTimeout(readChanges);
    readChanges = null;
    await r?.close();
    await jobs.idle();
    const a = archive;
    archive = null;
    undoStack.length = 0;
    itemsUndo.clear();
    await a.close();
  };
  const use = async (a: Archive): Promise<SessionState> => {
    await closeArchive();
    archive = a;
    reader = readerFor(a);
    await recent.add(a.dir, (await a.campaign()).name);
    emit({ type: 'changed', what: 'archive' });
    void checkReport(a).catch(() => undefined);
    // After the first screen has what it needs: reading starts a moment later.
    if (opts.autoRead) setTimeout(() => void readNew(a).catch(() => undefined), 1500).unref();
    return state();
  };
  const item = async (id: number): Promise<Item> => {
    const [found] = await listItems(need().db, { ids: [id], includeDeleted: true });
    if (!found) throw new TaizhangError('NOT_FOUND', `找不到第 ${id} 号材料，它可能已被彻底删除。`);
    return found;
  };
  const changed = (what: 'items' | 'indicators' | 'departments') => emit({ type: 'changed', what });
  /** After an indicator edit: remember its inverse, tell every window, answer with the new tree. */
  const edited = async (a: Archive, o: EditOutcome, undone = false): Promise<IndicatorEditResult> => {
    if (o.inverse && !undone) undoStack.push(o.inverse);
    if (o.inverse || undone) changed('indicators');
    const top = undoStack[undoStack.length - 1];
    return { tree: await indicatorTree(a, await checkReport(a)), code: o.code, message: o.message, undo: top ? top.label : null };
  };
  /** After an action on items: remember its undo, tell every window, answer what the clerk sees. */
  const acted = async (o: ItemsOutcome): Promise<ItemsActionResult> => {
    itemsUndo.push(o.inverse);
    if (o.inverse) changed('items');
    return { ids: o.ids, item: o.itemId != null ? await item(o.itemId) : null, message: o.message, undo: itemsUndo.label };
  };
  const fileOf = async (fileId: number): Promise<StoredFile> => {
    const row = await need().db.get<{ item_id: number }>(sql`SELECT item_id FROM files WHERE id = ${fileId}`);
    const file = row && (await item(row.item_id)).files.find((f) => f.id === fileId);
    if (!file) throw new TaizhangError('NOT_FOUND', `找不到第 ${fileId} 号文件。`);
    return file;
  };
  const desktop = (): Desktop => {
    if (!opts.desktop) throw new TaizhangError('BAD_INPUT', '网页模式下不能直接打开本机文件，请使用页面上的下载链接。');
    return opts.desktop;
  };

  const handlers: Handlers = {
    'session.state': () => state(),
    'archive.open': async ({ dir }) => use(await Archive.open(dir)),
    'archive.create': async ({ dir, campaign }) => {
      await fs.mkdir(dir, { recursive: true });
      return use(await Archive.create(dir, campaign));
    },
    'archive.restore': async ({ dir }) => {
      if (archive && path.resolve(dir) === archive.dir) await closeArchive();
      const r = await restoreArchive(dir);
      const s = await use(await Archive.open(dir));
      return { ...s, restored: { taken: r.taken, items: r.items, unreferenced: r.unreferenced, missing: r.missing } };
    },
    'archive.close': async () => {
      await closeArchive();
      emit({ type: 'changed', what: 'archive' });
      return state();
    },
    'archive.openPacket': async ({ file, dir }) => {
      // A later 任务包 may be opened into the 填报 archive open here: it is updated, then opened
      // afresh; refused, the clerk keeps working in it as before.
      const here = archive?.dir === path.resolve(dir);
      if (here) await closeArchive();
      const packet = await openPacket(file, dir).catch(async (e: unknown) => {
        if (here) await use(await Archive.open(dir)).catch(() => undefined);
        throw e;
      });
      return { ...(await use(await Archive.open(packet.dir))), packet };
    },
    'campaign.update': async (patch) => {
      const a = need();
      const c = await a.updateCampaign(patch);
      // 最近打开 shows the campaign's new name, not the one it had when opened.
      if (patch.name != null) await recent.add(a.dir, c.name).catch(() => undefined);
      emit({ type: 'changed', what: 'archive' });
      return c;
    },

    'indicators.tree': async () => {
      const a = need();
      return indicatorTree(a, await checkReport(a));
    },
    'indicators.add': async ({ parent, position, code, ...fields }) => {
      const a = need();
      return edited(a, await addIndicator(a, { ...fields, parent, position, code }, actorName()));
    },
    'indicators.update': async ({ code, patch }) => {
      const a = need();
      return edited(a, await updateIndicator(a, code, patch, actorName()));
    },
    'indicators.move': async ({ code, parent, position }) => {
      const a = need();
      return edited(a, await moveIndicator(a, code, parent, position, actorName()));
    },
    'indicators.delete': async ({ code }) => {
      const a = need();
      return edited(a, await deleteIndicator(a, code, actorName()));
    },
    'indicators.undo': async () => {
      const a = need();
      const last = undoStack[undoStack.length - 1];
      if (!last) throw new TaizhangError('BAD_INPUT', '没有可以撤销的指标修改（只能撤销本次打开档案以来的修改）。');
      const o = await undoIndicatorEdit(a, last, actorName()).catch((e: unknown) => {
        // Changed elsewhere since: this and every older step would write over that change.
        if (e instanceof StaleUndoError) undoStack.length = 0;
        throw e;
      });
      undoStack.pop();
      return edited(a, o, true);
    },
    'indicators.state': async ({ code, statement }) => {
      const a = need();
      const r = await stateIndicator(a, code, statement, actorName());
      changed('indicators');
      const top = undoStack[undoStack.length - 1];
      return { tree: await indicatorTree(a, await checkReport(a)), code, message: r.message, undo: top ? top.label : null };
    },
    'indicators.log': async ({ limit }) =>
      (await listChanges(need().db, { limit })).map((r) => ({ ...r, summary: typeof r.detail.message === 'string' ? r.detail.message : r.action })),
    'indicators.preview': async ({ file, sheet, columns }) => previewForArchive(archive, file, { sheet, columns }),
    'indicators.import': async ({ file, sheet, columns }) => {
      const r = await importIndicators(need(), file, { sheet, columns, actor: actorName() });
      // The import rewrites the tree by the table; an older edit's undo would no longer fit it.
      undoStack.length = 0;
      changed('indicators');
      return r;
    },

    'items.list': async ({ indicator, inbox, trash, suggest, department, review }) => {
      const a = need();
      let indicatorIds: number[] | undefined;
      if (indicator != null) {
        const all = await listIndicators(a.db);
        const root = all.find((i) => i.code === indicator);
        if (!root) throw new TaizhangError('NOT_FOUND', `找不到编号为 ${indicator} 的指标。`);
        const ids = new Set([root.id]);
        // listIndicators is in tree order, so one pass collects the whole subtree.
        for (const i of all) if (i.parentId != null && ids.has(i.parentId)) ids.add(i.id);
        indicatorIds = [...ids];
      }
      const rows = await itemSummaries(a.db, { indicatorIds, inbox, trash, department, review });
      if (!suggest) return rows;
      const ranked = await filingForUnfiled(a.db, rows);
      const reading = await itemsReading(a.db, [...ranked.keys()]);
      return rows.map((r) => (ranked.has(r.id) ? { ...r, filing: ranked.get(r.id), reading: reading.has(r.id) } : r));
    },
    'items.get': ({ id }) => item(id),
    'items.update': async ({ id, patch }) => {
      await item(id);
      await need().db.transaction((tx) => updateItem(tx, id, patch));
      changed('items');
      return item(id);
    },
    'items.caption': async ({ fileId, caption }) => {
      await fileOf(fileId);
      await need().db.transaction((tx) => setCaption(tx, fileId, caption));
      changed('items');
      return fileOf(fileId);
    },
    // One item is a selection of one: logged, and undone like the others.
    'items.link': async ({ id, indicator }) => {
      await acted(await linkItems(need(), [id], indicator, actorName()));
      return item(id);
    },
    'items.unlink': async ({ id, indicator }) => {
      await acted(await unlinkItems(need(), [id], indicator, actorName()));
      return item(id);
    },
    'items.trash': async ({ ids }) => {
      await acted(await trashItems(need(), ids, actorName()));
      return { ids };
    },
    'items.restore': async ({ ids }) => {
      await acted(await restoreItems(need(), ids, actorName()));
      return { ids };
    },
    'items.search': async ({ query }) => {
      const a = need();
      const hits = await searchItems(a.db, query);
      const rows = new Map((await itemSummaries(a.db, { ids: hits.map((h) => h.itemId) })).map((r) => [r.id, r]));
      return hits.flatMap((h) => {
        const row = rows.get(h.itemId);
        return row ? [{ item: row, field: h.field, snippet: h.snippet }] : [];
      });
    },
    'items.suggestions': async ({ id }) => itemSuggestions(need().db, await item(id)),
    'items.acceptSuggestions': async ({ ids, fields }) => {
      const r = await acceptSuggestions(need(), ids, fields, actorName());
      return { ...(await acted(r)), filled: r.filled, kept: r.kept };
    },
    'files.text': async ({ fileId }) => pageTexts(need().db, (await fileOf(fileId)).sha256),
    'text.status': async () => {
      need();
      return reader!.status();
    },
    'text.start': async ({ force }) => {
      const a = need();
      a.assertWritable();
      return reader!.start(force ?? false);
    },
    'text.pause': async () => {
      need();
      return reader!.pause();
    },
    'files.keepOnly': async ({ fileId }) => {
      const a = need();
      const r = await keepOnlyCopy(a, fileId, actorName());
      changed('items');
      return { kept: await item(r.keptItem), removed: r.removed, emptied: r.emptied, message: r.message };
    },
    'items.move': async ({ ids, to }) => acted(await moveItems(need(), ids, to, actorName())),
    'items.linkMany': async ({ ids, indicator }) => acted(await linkItems(need(), ids, indicator, actorName())),
    'items.unlinkMany': async ({ ids, indicator }) => acted(await unlinkItems(need(), ids, indicator, actorName())),
    'items.updateMany': async ({ ids, patch }) => acted(await updateItems(need(), ids, patch, actorName())),
    'items.merge': async ({ ids }) => acted(await mergeItems(need(), ids, actorName())),
    'items.split': async ({ id, fileIds, title }) => acted(await splitItem(need(), id, fileIds, title, actorName())),
    'items.undo': async () => {
      const a = need();
      const r = await itemsUndo.undo(a, actorName());
      changed('items');
      return { ids: r.ids, item: r.ids.length === 1 ? await item(r.ids[0]) : null, message: r.message, undo: itemsUndo.label };
    },
    'files.move': async ({ fileIds, to }) => acted(await moveFiles(need(), fileIds, to, actorName())),
    'files.remove': async ({ fileIds }) => acted(await removeFiles(need(), fileIds, actorName())),
    'files.reorder': async ({ id, fileIds }) => {
      await acted(await reorderFiles(need(), id, fileIds, actorName()));
      return item(id);
    },
    'files.captionMany': async ({ fileIds, caption, overwrite, timeFromExif }) => {
      const o = await captionFiles(need(), fileIds, caption, { overwrite, timeFromExif }, actorName());
      return { ...(await acted(o)), filled: o.filled, kept: o.kept };
    },
    'trash.purge': async ({ ids, dryRun }) => {
      if (dryRun) return purgeTrash(need(), ids, actorName(), true);
      // An import may be about to file an original this would delete, an export to read one.
      const busy = jobs.running();
      if (busy) throw new TaizhangError('BAD_INPUT', `正在${JOB_LABELS[busy.kind]}，请等它完成或取消后再彻底删除。`);
      const r = await purgeTrash(need(), ids, actorName());
      // What was purged cannot come back: no older step may be undone onto rows that are gone.
      itemsUndo.clear();
      changed('items');
      return r;
    },
    'files.add': async ({ id, paths }) => {
      await item(id);
      const r = await addFiles(need(), id, paths, actorName());
      if (r.added) changed('items');
      return { ...(await item(id)), ...r };
    },
    'files.update': async ({ fileId, role, position }) => {
      const file = await fileOf(fileId);
      await need().db.transaction(async (tx) => {
        if (role) await setFileRole(tx, fileId, role);
        if (position != null) await moveFile(tx, file.itemId, fileId, position);
      });
      changed('items');
      return item(file.itemId);
    },

    'check.run': ({ fresh }) => checkReport(need(), fresh ?? true),
    'check.indicator': async ({ code }) => {
      const found = (await checkReport(need())).indicators.find((i) => i.code === code);
      if (!found) throw new TaizhangError('NOT_FOUND', `找不到编号为 ${code} 的指标，它可能已随指标体系的更新被删除。请刷新后重新选择。`);
      return found;
    },
    'dashboard.get': async () => {
      const a = need();
      return dashboard(a, await checkReport(a));
    },

    'departments.list': async () => departmentsOverview(need()),
    'departments.get': async ({ name }) => departmentDetail(need(), name),
    'departments.add': async (d) => {
      const r = await addDepartment(need(), d, actorName());
      changed('departments');
      return r;
    },
    'departments.update': async ({ name, patch }) => {
      const r = await updateDepartment(need(), name, patch, actorName());
      changed(patch.name && patch.name !== name ? 'indicators' : 'departments');
      return r;
    },
    'assignments.set': async (args) => {
      const r = await setAssignments(need(), args, actorName());
      changed('departments');
      return r;
    },
    'assignments.return': async ({ department, code, reason }) => {
      const r = await returnAssignment(need(), department, code, reason, actorName());
      changed('departments');
      return r;
    },
    'items.review': async ({ ids, decision, reason }) => acted(await reviewItems(need(), ids, decision, reason ?? '', actorName())),
    'items.versions': async ({ id }) => itemVersions(need(), id),
    'audit.list': async ({ limit, user }) => listAudit(need(), { limit, user }),
    'users.list': async () => listUsers(need()),
    'users.add': async (u) => addUser(need(), u),
    'users.update': async ({ name, password, disabled }) => updateUser(need(), name, { password, disabled }),

    'jobs.start': async (spec) => {
      const a = need();
      if (spec.kind === 'import') a.assertWritable();
      const work = await jobWork(a, spec, () => changed('items'));
      if (spec.kind !== 'import') return jobs.start(spec.kind, work, spec.paths ?? []);
      return jobs.start(
        spec.kind,
        async (job) => {
          const out = await work(job);
          void readNew(a).catch(() => undefined);
          return out;
        },
        spec.paths ?? [],
      );
    },
    'jobs.cancel': async ({ id }) => jobs.cancel(id),
    'jobs.list': async () => jobs.list(),

    'desktop.openFile': async ({ fileId }) => {
      const d = desktop();
      await d.openPath(await openCopy(need().dir, await fileOf(fileId)));
      return null;
    },
    'desktop.showFile': async ({ fileId }) => {
      const d = desktop();
      d.showItemInFolder(await openCopy(need().dir, await fileOf(fileId)));
      return null;
    },
    'desktop.openOutput': async ({ jobId, reveal }) => {
      const out = jobs.get(jobId)?.output;
      if (!out) throw new TaizhangError('NOT_FOUND', '这个任务没有生成文件，请重新导出一次。');
      if (reveal) desktop().showItemInFolder(out);
      else await desktop().openPath(out);
      return null;
    },
    'desktop.pickFolder': ({ purpose }) => desktop().pickFolder(purpose),
    'desktop.pickFiles': ({ purpose }) => desktop().pickFiles(purpose),
  };

  return {
    async call(method, args, caller) {
      return actingAs(caller ?? currentCaller(), async () => {
        const who = currentCaller();
        let parsed: unknown;
        try {
          if (!isApiMethod(method)) throw new TaizhangError('BAD_INPUT', `不认识的操作：${String(method).slice(0, 60)}。`);
          parsed = API[method].args.parse(args ?? {});
          await authorize(archive, who.actor, method, parsed, door);
          const handler = handlers[method] as (a: unknown) => Promise<unknown>;
          const value = await limitResult(archive, who.actor, method, await handler(parsed));
          if (archive && isWrite(method)) await recordAudit(archive, { caller: who, action: method, subject: '', ok: true, detail: auditDetail(parsed) });
          return { ok: true, value };
        } catch (e) {
          const error = describeError(e);
          if (archive && isApiMethod(method) && isWrite(method)) {
            await recordAudit(archive, { caller: who, action: method, subject: '', ok: false, detail: `${error.message}（${auditDetail(parsed)}）` });
          }
          return { ok: false, error };
        }
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    archiveDir: () => archive?.dir ?? null,
    async mimeOf(rel, actor) {
      if (!archive) return null;
      if (actor && !(await mayReadStored(archive, actor, rel))) return null;
      if (rel.startsWith('thumbs/')) return 'image/jpeg';
      const sha = rel.split('/').pop() ?? '';
      const row = await archive.db.get<{ mime: string }>(sql`SELECT mime FROM blobs WHERE sha256 = ${sha}`);
      return row?.mime ?? null;
    },
    jobOutput: (id, actor) => (actor && !mayDownload(actor, id) ? null : (jobs.get(id)?.output ?? null)),
    accounts: lanAccounts(() => archive),
    open: async (dir) => use(await Archive.open(dir)),
    close: closeArchive,
  };
}

/** The arguments of a write, short, for the audit log (passwords never). */
function auditDetail(args: unknown): string {
  if (args == null) return '';
  const text = JSON.stringify(args, (k, v: unknown) => (k === 'password' ? '***' : v));
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
