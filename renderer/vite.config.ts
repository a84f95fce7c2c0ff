// Builds the interface into build/renderer, served by main/web and loaded by the Electron shell.
// Vite 8 compiles TSX itself (oxc); no React plugin. Paths are relative to the package folder,
// where `npm run build:renderer` runs. No Node imports here: the layer rule covers renderer/.
import { defineConfig } from 'vite';

export default defineConfig(({ command, mode }) => ({
  root: 'renderer',
  // A build for production is one even when the caller's NODE_ENV says otherwise (jest sets
  // "test", which would otherwise bundle React's slow development build).
  define: command === 'build' && mode === 'production' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react', development: command !== 'build' } },
  build: {
    outDir: '../build/renderer',
    emptyOutDir: true,
    // The UI font (5.8 MB, assets/fonts) is emitted as a file, never inlined.
    assetsInlineLimit: 4096,
    chunkSizeWarningLimit: 2000,
  },
  // theme.css reaches ../../assets/fonts: let the dev server read the package folder.
  server: { fs: { allow: ['..'] } },
}));
