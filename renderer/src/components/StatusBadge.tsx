type Tone = 'good' | 'warn' | 'bad';
type Props = { tone: Tone; children: string };

/** A word with a colour — the word carries the meaning, the colour only repeats it. */
export function StatusBadge({ tone, children }: Props) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
