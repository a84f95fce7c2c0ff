// The packet format: the manifest's signature (the same manifest signs the same whatever the order of
// its keys; any change to what it lists, or another key, fails it) and the check of the items carried.
import { randomBytes } from 'node:crypto';
import { canonicalJson, signManifest, signatureHolds, type Manifest } from '../../main/collect/packet/format';
import { itemsProblem } from '../../main/collect/packet/items';

const key = randomBytes(32).toString('hex');
const unsigned: Omit<Manifest, 'signature'> = {
  format: 'taizhang-packet',
  formatVersion: 1,
  kind: 'return',
  packetId: 'p-1',
  archive: { uid: 'ab'.repeat(16), name: '全国科普示范县创建' },
  department: '县科协',
  createdAt: '2023-05-01T00:00:00.000Z',
  taskId: 't-1',
  sequence: 2,
  files: [{ path: 'packet.json', sha256: 'cd'.repeat(32), size: 120 }],
};

test('canonical JSON sorts keys at every level and leaves arrays in order', () => {
  expect(canonicalJson({ b: 1, a: { d: [3, 1], c: '县' } })).toBe('{"a":{"c":"县","d":[3,1]},"b":1}');
  expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
});

test('a signed manifest holds, read back in any key order; a changed size, sequence or key does not', () => {
  const m: Manifest = { ...unsigned, signature: signManifest(unsigned, key) };
  const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(m).reverse()))) as Manifest;
  expect(signatureHolds(reordered, key)).toBe(true);
  expect(signatureHolds({ ...m, files: [{ ...m.files[0], size: 121 }] }, key)).toBe(false);
  expect(signatureHolds({ ...m, sequence: 3 }, key)).toBe(false);
  expect(signatureHolds(m, randomBytes(32).toString('hex'))).toBe(false);
  expect(signatureHolds({ ...m, signature: 'not hex' }, key)).toBe(false);
  expect(signatureHolds(m, '')).toBe(false);
});

test('items a packet carries: a file not in the packet, an unknown kind or role, a repeated uid are named', () => {
  const sha = 'ef'.repeat(32);
  const caption = { title: '', time: '', place: '', people: '', subject: '', photographer: '' };
  const item = {
    uid: '0a'.repeat(16), kind: 'meeting', title: '推进会', titleSupplied: false, date: '2023-05-01', location: '', responsible: '',
    docNumber: '', participants: 30, description: '', department: '', secrecy: '', retention: null, indicators: ['1.2'],
    files: [{ sha256: sha, name: '纪要.pdf', role: 'body', caption }],
  };
  expect(itemsProblem([item], new Set([sha]))).toBeNull();
  expect(itemsProblem([item], new Set())).toBe('材料“推进会”中的文件“纪要.pdf”不在包中');
  expect(itemsProblem([{ ...item, kind: 'party' }], new Set([sha]))).toBe('材料“推进会”的内容不合规');
  expect(itemsProblem([{ ...item, date: '5月1日' }], new Set([sha]))).toBe('材料“推进会”的内容不合规');
  expect(itemsProblem([{ ...item, files: [{ ...item.files[0], role: 'cover' }] }], new Set([sha]))).toBe('材料“推进会”中的文件记录不合规');
  expect(itemsProblem([item, item], new Set([sha]))).toBe('材料“推进会”的编号不合规或重复');
});
