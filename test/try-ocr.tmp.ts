import { makeSignInJpeg, makeNoticePdf } from '../main/demo/sample-files';
import Ocr from '@gutenye/ocr-node';
async function main() {
  const names = ['张伟','王芳','李娜','刘洋','陈静','杨磊','赵敏','黄强','周杰','吴霞'];
  await makeSignInJpeg('/tmp/ocr/signin.jpg', { title: '科普工作推进会', date: '2023年3月22日', place: '县科协会议室', signers: names.map((n,i)=>({name:n, unit:'县科协', post:'干事'})), exifTime: '2023:03:22 09:10:00', seed: 7 });
  let t = Date.now();
  const ocr = await Ocr.create();
  console.log('create', Date.now()-t); t = Date.now();
  const r = await ocr.detect('/tmp/ocr/signin.jpg');
  console.log('detect', Date.now()-t);
  console.log(JSON.stringify(r.slice(0,5)), r.length);
  console.log(r.map((x:any)=>x.text).join(' | '));
}
main();
