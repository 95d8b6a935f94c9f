'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';

type Status = 'idle' | 'asking' | 'shared' | 'denied' | 'failed';

/**
 * policy: P2.5 — offered only when the person consented to `location` (the server renders it
 * only then, and checks again). The browser asks its own permission; nothing is sent unless it
 * is granted and the person pressed the button.
 */
export function LocationShare({ share }: { share: (input: unknown) => Promise<{ ok: boolean }> }) {
  const t = useTranslations('Location');
  const [status, setStatus] = useState<Status>('idle');

  const ask = () => {
    if (!('geolocation' in navigator)) return setStatus('failed');
    setStatus('asking');
    navigator.geolocation.getCurrentPosition(
      async ({ coords }) => {
        const result = await share({
          latitude: coords.latitude,
          longitude: coords.longitude,
          accuracyMeters: Number.isFinite(coords.accuracy) ? coords.accuracy : null,
        });
        setStatus(result.ok ? 'shared' : 'failed');
      },
      (error) => setStatus(error.code === error.PERMISSION_DENIED ? 'denied' : 'failed'),
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 60_000 },
    );
  };

  return (
    <aside className="location-share card" aria-labelledby="location-title">
      <h2 id="location-title">{t('title')}</h2>
      <p>{t('body')}</p>
      {status === 'shared' ? (
        <p role="status" data-testid="location-status">{t('shared')}</p>
      ) : (
        <>
          <button type="button" className="button button-secondary" onClick={ask} disabled={status === 'asking'}>
            {t('share')}
          </button>
          {status === 'denied' || status === 'failed' ? (
            <p role="status" data-testid="location-status">{t(status)}</p>
          ) : null}
        </>
      )}
    </aside>
  );
}
