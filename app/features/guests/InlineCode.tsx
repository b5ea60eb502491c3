/** Text in which `backquoted` words are commands, shown as code. */
export function InlineCode({ text }: { text: string }) {
  return (
    <>{text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>
  );
}
