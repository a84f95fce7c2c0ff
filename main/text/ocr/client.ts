// STUB (lead's branch only) — replaced by helper A's module at merge.
import type { EngineName, OcrPage } from './engine';
export class OcrClient {
  engine: EngineName = 'paddle';
  static async start(_opts: { engine?: EngineName } = {}): Promise<OcrClient> {
    return new OcrClient();
  }
  async read(_input: string | Buffer, _opts: { sceneCheck?: boolean; signal?: AbortSignal } = {}): Promise<OcrPage> {
    throw new Error('stub');
  }
  async close(): Promise<void> {}
}
