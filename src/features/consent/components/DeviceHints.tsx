'use client';

import { useEffect, useRef } from 'react';

type NavigatorExtras = Navigator & {
  connection?: { effectiveType?: string; type?: string };
  getBattery?: () => Promise<{ level: number }>;
};

/**
 * Hidden fields a survey form carries only when the server found consent for them (it renders
 * this component only then, and checks consent again on receipt): usage hints (P9.2) and device
 * traits for fraud detection (P4.2). Without JavaScript nothing is added.
 */
export function DeviceHints({ usage, fraud }: { usage: boolean; fraud: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const set = (name: string, value: string | undefined) => {
      const input = container.querySelector<HTMLInputElement>(`input[name="${name}"]`);
      if (input && value !== undefined) input.value = value;
    };
    const nav = navigator as NavigatorExtras;
    if (usage) {
      set('hint_timeZone', Intl.DateTimeFormat().resolvedOptions().timeZone);
      const network = nav.connection?.type ?? nav.connection?.effectiveType;
      if (network) set('hint_network', ['slow-2g', '2g', '3g', '4g', 'wifi', 'ethernet', 'cellular'].includes(network) ? network : 'other');
      nav.getBattery?.().then((b) => set('hint_battery', String(Math.round(b.level * 100) / 100)), () => undefined);
    }
    if (fraud) {
      set(
        'fraud_traits',
        JSON.stringify({
          screen: `${screen.width}x${screen.height}`,
          colorDepth: screen.colorDepth,
          pixelRatio: Math.round(window.devicePixelRatio * 100) / 100,
          hardwareConcurrency: nav.hardwareConcurrency ?? 0,
          platform: nav.platform ?? '',
          timezoneOffset: new Date().getTimezoneOffset(),
          touchPoints: nav.maxTouchPoints ?? 0,
          webdriver: Boolean(nav.webdriver),
          languages: [...(nav.languages ?? [])].slice(0, 20),
        }),
      );
    }
  }, [usage, fraud]);

  return (
    <span ref={ref} hidden>
      {usage ? (
        <>
          <input type="hidden" name="hint_timeZone" defaultValue="" />
          <input type="hidden" name="hint_network" defaultValue="" />
          <input type="hidden" name="hint_battery" defaultValue="" />
        </>
      ) : null}
      {fraud ? <input type="hidden" name="fraud_traits" defaultValue="" /> : null}
    </span>
  );
}
