import { AdminUsersPage } from '../../features/auth/components/admin-users-page';

export function Component() {
  return <AdminUsersPage />;
}
