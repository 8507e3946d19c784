import { loggedModelStatusLabel } from '../../../entities/logged-models';

const STATUS_BADGES: Readonly<Record<string, string>> = {
  LOGGED_MODEL_READY: 'badge badge-success',
  LOGGED_MODEL_PENDING: 'badge badge-info',
  LOGGED_MODEL_UPLOAD_FAILED: 'badge badge-danger',
};

export function LoggedModelStatus({ status }: { status: string }) {
  return <span className={STATUS_BADGES[status] ?? 'badge'}>{loggedModelStatusLabel(status)}</span>;
}
