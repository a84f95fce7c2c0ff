// On the LAN server, in the item editor: a QR code that opens this item's upload page on a phone
// in the same office network, so photos taken at an activity go straight into its item. The
// server draws the code (it knows the address phones reach it by) and serves the page behind it.
import type { Item } from '../../../../shared/domain';
import { useReadOnly } from '../../state/app-state';
import { useAbilities } from './abilities';
import '../review/review.css';

/** Where the LAN server serves an item's QR code (an SVG of the upload page's address). */
export const qrUrl = (id: number): string => `/qr/item/${id}.svg`;

export function PhoneUpload({ item }: { item: Item }) {
  const can = useAbilities();
  const readOnly = useReadOnly();
  // A department may not change an item the 创建办 accepted; nobody uploads into the trash.
  const locked = item.deletedAt != null || (item.submission?.review === 'accepted' && !can.review);
  if (!can.signedIn || readOnly || locked) return null;
  return (
    <div className="editor-sec sec-phone" data-testid="phone-upload">
      <div className="phone-upload">
        <img src={qrUrl(item.id)} alt="上传照片的二维码" width={112} height={112} data-testid="phone-qr" />
        <div>
          <b>手机扫码上传照片</b>
          <div className="small muted">用连着单位局域网（同一个 Wi-Fi）的手机扫这个码，拍的照片直接放进这件材料。</div>
        </div>
      </div>
    </div>
  );
}
