// Runs one parser call on a file in a process of its own and prints its outcome and peak memory
// as JSON, so a test can bound the memory a hostile file costs without jest's own counting:
//   tsx test/helpers/parse-in-child.ts probe|docx-blocks|indicators FILE
import fs from 'node:fs';
import { probeFile } from '../../main/intake/probe';
import { docxBlocks } from '../../main/export/dossier/docx-blocks';
import { readIndicatorFile } from '../../main/indicators/template-json';

async function run(mode: string, file: string): Promise<string> {
  switch (mode) {
    case 'probe':
      return (await probeFile(file, 'x.docx')).warning ?? 'no warning';
    case 'docx-blocks':
      return `${(await docxBlocks(fs.readFileSync(file))).blocks.length} blocks`;
    case 'indicators':
      return `${(await readIndicatorFile(file)).indicators.length} indicators`;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

void (async () => {
  const [mode, file] = process.argv.slice(2);
  let outcome: { ok: boolean; text: string };
  try {
    outcome = { ok: true, text: await run(mode, file) };
  } catch (e) {
    outcome = { ok: false, text: (e as Error).message };
  }
  const peakMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ ...outcome, peakMB }) + '\n');
})();
