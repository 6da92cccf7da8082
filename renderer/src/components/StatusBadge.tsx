export type Tone = 'good' | 'warn' | 'bad' | 'neutral';
type Props = { tone: Tone; children: string; title?: string };

/** A word with a colour — the word carries the meaning, the colour only repeats it. */
export function StatusBadge({ tone, children, title }: Props) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
