// The OCR worker's entry when the app runs from its TypeScript sources (tsx, jest): a worker
// thread starts with none of its parent's loaders, so tsx is registered here first. The built app
// has its own build/app/ocr-worker.js (scripts/build-app.ts) under the same name beside its code.
require('tsx/cjs/api').register();
require('./worker.ts');
