// Long work (imports, exports, verification) reports progress and can be cancelled.
export interface Progress {
  /** What is happening, in Chinese, e.g. 存储文件. */
  phase: string;
  done: number;
  total: number;
  /** The file or item being worked on. */
  detail?: string;
}

export type ProgressFn = (p: Progress) => void;
