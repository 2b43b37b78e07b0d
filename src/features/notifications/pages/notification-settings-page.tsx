// `/settings/notifications`: per type, whether it shows in the app, is emailed and is pushed to this user's
// browsers; "Enable push on this device"; and the optional sound (kept in this browser).
import { useState } from 'react';
import { NOTIFICATION_DELIVERIES, NOTIFICATION_TYPE_LABELS, NOTIFICATION_TYPES, type NotificationDelivery } from '../../../../contracts/notifications';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { PageHeader } from '@/components/page-header';
import { enablePush, setSoundEnabled, soundEnabled, usePreferences, useUpdatePreferences } from '../api';

const DELIVERY_LABELS: Record<NotificationDelivery, string> = { inApp: 'In the app', email: 'Email', push: 'Push' };
const PUSH_RESULTS = {
  enabled: 'Push is on for this device.',
  unsupported: 'This browser cannot receive push notifications.',
  denied: 'Notifications are blocked for this site in the browser’s settings.',
  off: 'Push is not set up on this server.',
} as const;

export function NotificationSettingsPage() {
  const preferences = usePreferences();
  const update = useUpdatePreferences();
  const [pushState, setPushState] = useState<string | null>(null);
  const [sound, setSound] = useState(soundEnabled);

  return (
    <div className="max-w-3xl">
      <title>Notification settings · Switchboard</title>
      <PageHeader title="Notification settings" />
      <div className="space-y-5">
        <Card title="What you are told about, and how">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-muted">
                <th className="py-2 font-medium">Notification</th>
                {NOTIFICATION_DELIVERIES.map((d) => (
                  <th key={d} className="w-24 py-2 text-center font-medium">
                    {DELIVERY_LABELS[d]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {NOTIFICATION_TYPES.map((type) => (
                <tr key={type} className="border-t border-border">
                  <td className="py-2">{NOTIFICATION_TYPE_LABELS[type]}</td>
                  {NOTIFICATION_DELIVERIES.map((d) => {
                    const current = preferences.data?.[type];
                    return (
                      <td key={d} className="py-2 text-center">
                        <input
                          type="checkbox"
                          aria-label={`${NOTIFICATION_TYPE_LABELS[type]}: ${DELIVERY_LABELS[d]}`}
                          checked={current?.[d] ?? false}
                          disabled={!current || update.isPending}
                          onChange={(e) => current && update.mutate({ [type]: { ...current, [d]: e.target.checked } })}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="This device">
          <div className="space-y-3 text-sm">
            <div className="flex items-center gap-3">
              <Button
                type="button"
                onClick={() => {
                  setPushState(null);
                  enablePush().then(
                    (result) => setPushState(PUSH_RESULTS[result]),
                    () => setPushState('Push could not be turned on; try again.'),
                  );
                }}
              >
                Enable push on this device
              </Button>
              {pushState && <p role="status">{pushState}</p>}
            </div>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={sound}
                onChange={(e) => {
                  setSoundEnabled(e.target.checked);
                  setSound(e.target.checked);
                }}
              />
              Play a sound when a notification arrives
            </label>
          </div>
        </Card>
      </div>
    </div>
  );
}
