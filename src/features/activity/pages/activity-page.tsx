import { useParams } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { ActivityList } from '../components/activity-list';

/** `/w/:wid/activity` (admin+): who changed what in this workspace. */
export function ActivityPage() {
  const { wid = '' } = useParams();
  return (
    <div className="max-w-3xl">
      <title>Activity · Switchboard</title>
      <PageHeader title="Activity" description="Changes to members, roles and workspace settings, newest first." />
      <ActivityList filters={{ wid }} />
    </div>
  );
}
