import { getTranslations } from 'next-intl/server';
import type { Progress } from '../progress';

export async function ProgressBar({ progress }: { progress: Progress }) {
  const t = await getTranslations('Survey');
  const label = t('progress', { current: progress.current, total: progress.total });
  return (
    <div className="progress">
      <p className="progress-label" id="progress-label">
        {label}
      </p>
      <div
        className="progress-track"
        role="progressbar"
        aria-labelledby="progress-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.percent}
        aria-valuetext={label}
      >
        <div className="progress-fill" style={{ width: `${progress.percent}%` }} />
      </div>
    </div>
  );
}
