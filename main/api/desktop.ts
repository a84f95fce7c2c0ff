// What only a desktop door can do: hand files to the system and show native pickers. The
// Electron shell implements it with shell/dialog; web mode has none, and the service answers
// desktop.* calls there with a message that points to the download link instead.
export interface Desktop {
  /** Opens a file with the system's application for it; rejects with the system's reason. */
  openPath(abs: string): Promise<void>;
  /** Opens the file manager with this file selected. */
  showItemInFolder(abs: string): void;
  pickFolder(purpose: 'open' | 'create' | 'export' | 'evidence'): Promise<string | null>;
  pickFiles(purpose: 'indicators' | 'evidence'): Promise<string[]>;
}
