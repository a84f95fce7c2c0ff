// The write pass's image queue: images made in print order a few ahead of the page being
// written, never more held than that, errors kept for the page that asks, and a request the
// layout pass did not foresee still answered.
import { ImageQueue, imageRequest, type ImageRequest } from '../../main/export/dossier/print-images';

const req = (i: number): ImageRequest => ({ storePath: `files/${i}.jpg`, width: 1228, height: 921 });

/** A maker whose images finish only when the test says so, recording what was started. */
function maker() {
  const started: string[] = [];
  const pending = new Map<string, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
  const make = (r: ImageRequest) =>
    new Promise<Buffer>((resolve, reject) => {
      started.push(r.storePath);
      pending.set(r.storePath, { resolve, reject });
    });
  const finish = (i: number) => pending.get(req(i).storePath)!.resolve(Buffer.from(`jpeg ${i}`));
  const fail = (i: number) => pending.get(req(i).storePath)!.reject(new Error(`bad ${i}`));
  return { make, started, finish, fail };
}

test('pixels of a box at the chosen resolution', () => {
  // 156 mm at 200 dpi: the text area's width.
  expect(imageRequest('files/a.jpg', 442.2, 331.65, 200)).toEqual({ storePath: 'files/a.jpg', width: 1228, height: 921 });
  expect(imageRequest('files/a.jpg', 1, 1, 72).width).toBe(16);
});

test('the next images are started before they are asked for, no more than `ahead` beyond the one taken', async () => {
  const m = maker();
  const requests = [0, 1, 2, 3, 4].map(req);
  const q = new ImageQueue(requests, m.make, 2);
  // Started at once: the first two, while the cover and 目录 are written.
  expect(m.started).toEqual(['files/0.jpg', 'files/1.jpg']);
  const first = q.take(req(0));
  expect(m.started).toEqual(['files/0.jpg', 'files/1.jpg', 'files/2.jpg']);
  m.finish(0);
  await expect(first).resolves.toEqual(Buffer.from('jpeg 0'));
  const second = q.take(req(1));
  m.finish(1);
  expect(await second).toEqual(Buffer.from('jpeg 1'));
  expect(m.started).toHaveLength(4);
  // Each image is made once.
  q.take(req(2));
  q.take(req(3));
  q.take(req(4));
  expect(m.started).toEqual(requests.map((r) => r.storePath));
});

test('an image that will not decode fails for the page that asks for it, not before', async () => {
  const m = maker();
  const q = new ImageQueue([0, 1].map(req), m.make, 2);
  m.fail(1); // made ahead and failed before anyone asked: no unhandled rejection
  await new Promise((r) => setImmediate(r));
  const a = q.take(req(0));
  m.finish(0);
  await expect(a).resolves.toBeInstanceOf(Buffer);
  await expect(q.take(req(1))).rejects.toThrow('bad 1');
});

test('a request the layout pass did not foresee is made at once and the queue stops guessing', async () => {
  const m = maker();
  const q = new ImageQueue([0, 1, 2].map(req), m.make, 1);
  expect(m.started).toEqual(['files/0.jpg']);
  const other = { ...req(0), width: 600 };
  const p = q.take(other);
  expect(m.started).toEqual(['files/0.jpg', 'files/0.jpg']);
  // Nothing more is started ahead, and what follows is made on demand.
  q.take(req(1));
  expect(m.started).toEqual(['files/0.jpg', 'files/0.jpg', 'files/1.jpg']);
  m.finish(1);
  void p;
});

test('stop: nothing more is started', () => {
  const m = maker();
  const q = new ImageQueue([0, 1, 2, 3].map(req), m.make, 2);
  q.stop();
  expect(m.started).toHaveLength(2);
  q.take(req(0));
  expect(m.started).toHaveLength(3);
});
