// Names shared by the main process and the preload: the two IPC channels and the two schemes.
// The renderer is served from app://taizhang/ (a privileged standard scheme, so the page has a
// real origin of its own, 'self' in the CSP means exactly our files, and nothing is loaded
// over file://). Stored files and thumbnails come from taizhang-file://archive/<rel>.
import { FILE_SCHEME } from '../../shared/api';

/** renderer → main: invoke(method, args), answered with a Result. The only one the preload uses. */
export const CALL_CHANNEL = 'taizhang:call';
/** main → renderer: ApiEvent. */
export const EVENT_CHANNEL = 'taizhang:event';

export const APP_SCHEME = 'app';
export const APP_HOST = 'taizhang';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export const FILE_HOST = 'archive';

/** The URL of a stored file or thumbnail, from its path relative to the archive. */
export function fileUrl(rel: string): string {
  return `${FILE_SCHEME}://${FILE_HOST}/${rel.split('/').map(encodeURIComponent).join('/')}`;
}
