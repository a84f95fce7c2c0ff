// The OCR worker's entry when the app runs from its TypeScript sources (tsx, jest): the forked
// process may start without tsx (jest's processes have no loader flags to pass on), so it is
// registered here first. The built app has its own build/app/ocr-worker.js (scripts/build-app.ts)
// under the same name beside its code.
require('tsx/cjs/api').register();
require('./worker.ts');
