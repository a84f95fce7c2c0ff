// `npm start`: the desktop app where Electron can run; on machines without it, one line that
// says what to use instead. The Electron shell is built in the desktop-app issue.
import fs from 'node:fs';
import path from 'node:path';

const entry = path.resolve(__dirname, '..', 'main', 'app', 'electron-main.ts');
if (!fs.existsSync(entry)) {
  console.log('桌面界面尚未包含在此版本中。现在可以用命令行查看效果：npm run -s taizhang -- demo ./演示 （再用 npm run -s taizhang -- check ./演示/档案 查看自查结果，导出的台账在 ./演示/导出）');
  process.exit(0);
}
console.log('请用 Electron 启动：npx electron .');
