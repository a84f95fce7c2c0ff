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

/** A queue planned with these requests and begun with `lanes` at a time. */
function queue(make: (r: ImageRequest) => Promise<Buffer>, n: number, lanes: number, window = 24): ImageQueue {
  const q = new ImageQueue(make, window);
  for (let i = 0; i < n; i++) q.plan(req(i));
  q.begin(lanes);
  return q;
}

test('nothing is made until the queue begins: a layout made only for its page numbers reads no image', () => {
  const m = maker();
  const q = new ImageQueue(m.make);
  q.plan(req(0));
  q.plan(req(1));
  expect(m.started).toEqual([]);
  q.begin(1);
  expect(m.started).toEqual(['files/0.jpg']);
});

test('images are made as they are planned, `lanes` at a time, each once', async () => {
  const m = maker();
  const q = new ImageQueue(m.make);
  q.begin(2);
  // Planned during the layout pass: made at once, two at a time.
  q.plan(req(0));
  expect(m.started).toEqual(['files/0.jpg']);
  q.plan(req(1));
  q.plan(req(2));
  expect(m.started).toEqual(['files/0.jpg', 'files/1.jpg']);
  m.finish(0);
  await new Promise((r) => setImmediate(r));
  // A lane came free: the next one starts before anyone asked for it.
  expect(m.started).toEqual(['files/0.jpg', 'files/1.jpg', 'files/2.jpg']);
  await expect(q.take(req(0))).resolves.toEqual(Buffer.from('jpeg 0'));
  m.finish(1);
  m.finish(2);
  expect(await q.take(req(1))).toEqual(Buffer.from('jpeg 1'));
  expect(await q.take(req(2))).toEqual(Buffer.from('jpeg 2'));
  expect(m.started).toHaveLength(3);
});

test('no more than `window` images made and not yet drawn, however fast they are made', async () => {
  const made: string[] = [];
  const q = new ImageQueue(async (r) => {
    made.push(r.storePath);
    return Buffer.from(r.storePath);
  }, 3);
  q.begin(2);
  for (let i = 0; i < 10; i++) q.plan(req(i));
  for (let k = 0; k < 5; k++) await new Promise((r) => setImmediate(r));
  expect(made).toHaveLength(3);
  await q.take(req(0));
  for (let k = 0; k < 5; k++) await new Promise((r) => setImmediate(r));
  expect(made).toHaveLength(4);
});

test('no more than `maxBytes` of JPEG made and not yet drawn', async () => {
  const made: string[] = [];
  const q = new ImageQueue(
    async (r) => {
      made.push(r.storePath);
      return Buffer.alloc(1000);
    },
    100,
    2500,
  );
  q.begin(1);
  for (let i = 0; i < 10; i++) q.plan(req(i));
  for (let k = 0; k < 10; k++) await new Promise((r) => setImmediate(r));
  // Three of 1,000 bytes reach the cap of 2,500; each one drawn lets one more be made.
  expect(made).toHaveLength(3);
  await q.take(req(0));
  for (let k = 0; k < 10; k++) await new Promise((r) => setImmediate(r));
  expect(made).toHaveLength(4);
  // Taken before it was made: counted and released alike.
  await q.take(req(1));
  await q.take(req(2));
  await q.take(req(3));
  for (let k = 0; k < 10; k++) await new Promise((r) => setImmediate(r));
  expect(made).toHaveLength(7);
});

test('an image that will not decode fails for the page that asks for it, not before', async () => {
  const m = maker();
  const q = queue(m.make, 2, 2);
  m.fail(1); // made ahead and failed before anyone asked: no unhandled rejection
  await new Promise((r) => setImmediate(r));
  const a = q.take(req(0));
  m.finish(0);
  await expect(a).resolves.toBeInstanceOf(Buffer);
  await expect(q.take(req(1))).rejects.toThrow('bad 1');
});

test('a request the layout pass did not foresee is made at once and the queue stops guessing', async () => {
  const m = maker();
  const q = queue(m.make, 3, 1);
  expect(m.started).toEqual(['files/0.jpg']);
  const other = { ...req(0), width: 600 };
  void q.take(other);
  expect(m.started).toEqual(['files/0.jpg', 'files/0.jpg']);
  // Nothing more is started ahead, and what follows is made on demand.
  m.finish(0);
  await new Promise((r) => setImmediate(r));
  expect(m.started).toHaveLength(2);
  void q.take(req(1));
  expect(m.started).toEqual(['files/0.jpg', 'files/0.jpg', 'files/1.jpg']);
});

test('stop: nothing more is started', () => {
  const m = maker();
  const q = queue(m.make, 4, 2);
  q.stop();
  expect(m.started).toHaveLength(2);
  void q.take(req(0));
  expect(m.started).toHaveLength(3);
});
