import { isDatedName, monthOfName, nameTime, yearOfName } from '../../main/intake/name-dates';
import { titleFromName } from '../../main/intake/folder-plan';

describe('nameTime: the moment phones, WeChat and screenshot tools write into names', () => {
  test.each([
    ['微信图片_20230210093512.jpg', '2023-02-10 09:35:12'],
    // Milliseconds since 1970, read in Beijing time whatever this computer's zone.
    ['mmexport1675996512345.jpg', '2023-02-10 10:35:12'],
    ['wx_camera_1675996512345.jpg', '2023-02-10 10:35:12'],
    ['Screenshot_2023-02-10-09-35-12-123_com.tencent.mm.jpg', '2023-02-10 09:35:12'],
    ['Screenshot_20230210_093512.png', '2023-02-10 09:35:12'],
    ['IMG_20230322_151022.jpg', '2023-03-22 15:10:22'],
    ['VID_20230322_151022.mp4', '2023-03-22 15:10:22'],
    ['PXL_20230322_151022123.jpg', '2023-03-22 15:10:22'],
    ['2023-03-22 15.10.22.jpg', '2023-03-22 15:10:22'],
    ['Screen Shot 2023-02-10 at 9.35.12 PM.png', '2023-02-10 21:35:12'],
    ['屏幕截图 2023-02-10 093512.png', '2023-02-10 09:35:12'],
  ])('%s → %s, a camera name', (name, time) => {
    expect(nameTime(name)).toEqual({ date: time.slice(0, 10), time, camera: true });
  });

  test('a clerk’s dated document is dated but is no camera name; names without a date give nothing', () => {
    expect(nameTime('2023-03-22 关于举办讲座的通知.docx')).toEqual({ date: '2023-03-22', time: null, camera: false });
    expect(nameTime('会议纪要20230322.docx')).toEqual({ date: '2023-03-22', time: null, camera: false });
    expect(nameTime('IMG_20230322.jpg')).toEqual({ date: '2023-03-22', time: null, camera: true });
    expect(nameTime('IMG_0001.jpg')).toBeNull();
    expect(nameTime('随手拍.jpg')).toBeNull();
    // Eleven digits of a phone number, or an impossible date, are no moment.
    expect(nameTime('联系人13812345678.jpg')).toBeNull();
    expect(nameTime('微信图片_20231345093512.jpg')).toBeNull();
  });
});

test('month, year and month-day folder names', () => {
  expect(['1月', '01月', '三月', '十二月', '3月份', '2023年3月', '2023-03', '一、3月'].map(monthOfName)).toEqual([
    { year: null, month: 1 },
    { year: null, month: 1 },
    { year: null, month: 3 },
    { year: null, month: 12 },
    { year: null, month: 3 },
    { year: 2023, month: 3 },
    { year: 2023, month: 3 },
    { year: null, month: 3 },
  ]);
  expect(['13月', '3月22日', '月报'].map(monthOfName)).toEqual([null, null, null]);
  expect(['2023', '2023年', '2023年度', '2023年3月'].map(yearOfName)).toEqual([2023, 2023, 2023, null]);
  expect(['3.22讲座', '3月22日讲座', '3.22 高血压讲座', '2023-03-22高血压'].map(isDatedName)).toEqual([true, true, true, true]);
  // Indicator numbers and versions are not dates.
  expect(['2.1 党员干部科技培训', '12.5 宣传', '1.2.3 工作', 'V1.2版', '健康讲座'].map(isDatedName)).toEqual([false, false, false, false, false]);
  expect(titleFromName('3.22高血压讲座')).toBe('高血压讲座');
  expect(titleFromName('3月22日 高血压讲座')).toBe('高血压讲座');
  expect(titleFromName('2.1 党员干部科技培训')).toBe('党员干部科技培训');
});
