/**
 * The command that runs `command` with an environment's secrets injected and nothing on disk. The ref is
 * quoted when it holds anything a shell would read as syntax; the command is the user's own shell text.
 */
export function runCommandLine(ref: string, command: string): string {
  const quoted = /^[A-Za-z0-9:/_.-]+$/.test(ref) ? ref : `'${ref.replace(/'/g, `'\\''`)}'`;
  return `latchkey run ${quoted} -- ${command.trim()}`;
}
