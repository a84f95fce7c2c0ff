// The Desktop of main/api, done with Electron's shell and dialog: open a file with the system's
// application, show it in its folder, and the native pickers with Chinese titles.
import path from 'node:path';
import { TaizhangError } from '../../shared/errors';
import type { Desktop } from '../api/desktop';
import type { DialogLike, OpenDialogOptionsLike, ShellLike } from './electron-api';

const FOLDER: Record<Parameters<Desktop['pickFolder']>[0], OpenDialogOptionsLike> = {
  open: { title: '打开档案', buttonLabel: '打开档案', properties: ['openDirectory'] },
  create: { title: '选择新档案存放的文件夹', buttonLabel: '选择', properties: ['openDirectory', 'createDirectory', 'promptToCreate'] },
  export: { title: '选择导出位置', buttonLabel: '选择', properties: ['openDirectory', 'createDirectory', 'promptToCreate'] },
  evidence: { title: '选择材料文件夹', buttonLabel: '导入', properties: ['openDirectory'] },
};

const FILES: Record<Parameters<Desktop['pickFiles']>[0], OpenDialogOptionsLike> = {
  indicators: {
    title: '导入测评体系（指标表格）',
    buttonLabel: '导入',
    properties: ['openFile'],
    filters: [
      { name: '指标表格（Excel 或模板）', extensions: ['xlsx', 'json'] },
      { name: '所有文件', extensions: ['*'] },
    ],
  },
  evidence: { title: '添加佐证材料', buttonLabel: '添加', properties: ['openFile', 'multiSelections'] },
};

export function electronDesktop(shell: ShellLike, dialog: DialogLike): Desktop {
  return {
    async openPath(abs) {
      const problem = await shell.openPath(abs);
      // The system's reason (no program for .wps …) is for the log; the clerk gets what to do.
      if (problem) {
        console.error(`openPath ${abs}: ${problem}`);
        throw new TaizhangError('BAD_INPUT', `系统没有能打开“${path.basename(abs)}”的程序。请安装 WPS 或 Office 等相应软件，或用“在文件夹中显示”找到它。`);
      }
    },
    showItemInFolder(abs) {
      shell.showItemInFolder(abs);
    },
    async pickFolder(purpose) {
      const r = await dialog.showOpenDialog(FOLDER[purpose]);
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
    },
    async pickFiles(purpose) {
      const r = await dialog.showOpenDialog(FILES[purpose]);
      return r.canceled ? [] : r.filePaths;
    },
  };
}
