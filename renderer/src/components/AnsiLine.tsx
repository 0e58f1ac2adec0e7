import { memo } from 'react';
import Anser from 'anser';

/** One log line with its ANSI colours as CSS classes (the palette lives in styles.css, tuned for light and dark). */
export const AnsiLine = memo(function AnsiLine({ text, highlight }: { text: string; highlight: string }) {
  const parts = text.includes('\u001b') ? Anser.ansiToJson(text, { use_classes: true, remove_empty: true }) : null;
  if (parts === null) return <Highlighted text={text} query={highlight} />;
  return (
    <>
      {parts.map((part, i) => {
        const classes = [
          part.fg ? `${part.fg}-fg` : '',
          part.bg ? `${part.bg}-bg` : '',
          ...part.decorations.map((d) => `ansi-${d}`),
        ].filter(Boolean);
        return (
          <span key={i} className={classes.length > 0 ? classes.join(' ') : undefined}>
            <Highlighted text={part.content} query={highlight} />
          </span>
        );
      })}
    </>
  );
});

function Highlighted({ text, query }: { text: string; query: string }) {
  const q = query.trim().toLowerCase();
  if (q === '') return <>{text}</>;
  const lower = text.toLowerCase();
  const out: Array<string | React.JSX.Element> = [];
  let from = 0;
  for (let at = lower.indexOf(q); at !== -1; at = lower.indexOf(q, from)) {
    if (at > from) out.push(text.slice(from, at));
    out.push(<mark key={at}>{text.slice(at, at + q.length)}</mark>);
    from = at + q.length;
  }
  if (from < text.length) out.push(text.slice(from));
  return <>{out}</>;
}
