import { Fragment } from 'react';
import { ExternalLink } from '@/components/ui/ExternalLink';

const URL_PATTERN = /(https?:\/\/[^\s)]+[^\s).,;])/g;

/**
 * The policy's plain text as paragraphs. Text is never rendered as HTML; web addresses become
 * links marked as leaving the service (P12.1).
 */
export function PolicyText({ text }: { text: string }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
  return (
    <div className="policy-text">
      {paragraphs.map((paragraph, i) => (
        <p key={i}>
          {paragraph.split(URL_PATTERN).map((part, j) =>
            j % 2 === 1 ? (
              <ExternalLink key={j} href={part}>
                {part}
              </ExternalLink>
            ) : (
              <Fragment key={j}>{part}</Fragment>
            ),
          )}
        </p>
      ))}
    </div>
  );
}
