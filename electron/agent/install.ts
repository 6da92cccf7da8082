import os from 'node:os';
import path from 'node:path';

/** A login service that runs `latchkey agent --keep-running`: what `latchkey agent install` writes. */
export interface ServiceDefinition {
  kind: 'systemd' | 'launchd';
  path: string;
  text: string;
  /** What the person runs to start it now and at every login. */
  enable: string;
}

export interface ServiceInputs {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home?: string;
  /** node (or Electron run as node) and the `latchkey` script it runs. */
  execPath: string;
  script: string;
  dataDir: string;
}

export const SYSTEMD_UNIT = 'latchkey-agent.service';
export const LAUNCHD_LABEL = 'dev.latchkey.agent';

/** Null where there is no per-user service manager Latchkey knows (Windows for now). */
export function serviceDefinition(inputs: ServiceInputs): ServiceDefinition | null {
  const home = inputs.home ?? os.homedir();
  const argv = [inputs.execPath, inputs.script, 'agent', '--keep-running'];
  // Only LATCHKEY_HOME is carried over: it says which data dir this agent serves. Nothing secret.
  const dataHome = inputs.env.LATCHKEY_HOME?.trim() ? inputs.dataDir : null;
  if (inputs.platform === 'linux') {
    const config = inputs.env.XDG_CONFIG_HOME?.trim() || path.join(home, '.config');
    const lines = [
      '[Unit]',
      'Description=Latchkey agent: ends exports on time, keeps sessions and values warm for the latchkey command',
      '',
      '[Service]',
      'Type=simple',
      `ExecStart=${argv.map(systemdQuote).join(' ')}`,
      ...(dataHome ? [`Environment=${systemdQuote(`LATCHKEY_HOME=${dataHome}`)}`] : []),
      'Restart=on-failure',
      'RestartSec=5',
      '',
      '[Install]',
      'WantedBy=default.target',
      '',
    ];
    return { kind: 'systemd', path: path.join(config, 'systemd', 'user', SYSTEMD_UNIT), text: lines.join('\n'), enable: `systemctl --user daemon-reload && systemctl --user enable --now ${SYSTEMD_UNIT}` };
  }
  if (inputs.platform === 'darwin') {
    const file = path.join(home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
    const log = path.join(inputs.dataDir, 'agent.log');
    const text = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
      '<plist version="1.0">',
      '<dict>',
      `  <key>Label</key><string>${LAUNCHD_LABEL}</string>`,
      '  <key>ProgramArguments</key>',
      '  <array>',
      ...argv.map((arg) => `    <string>${xmlEscape(arg)}</string>`),
      '  </array>',
      ...(dataHome ? ['  <key>EnvironmentVariables</key>', '  <dict>', `    <key>LATCHKEY_HOME</key><string>${xmlEscape(dataHome)}</string>`, '  </dict>'] : []),
      '  <key>RunAtLoad</key><true/>',
      '  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>',
      `  <key>StandardOutPath</key><string>${xmlEscape(log)}</string>`,
      `  <key>StandardErrorPath</key><string>${xmlEscape(log)}</string>`,
      '</dict>',
      '</plist>',
      '',
    ].join('\n');
    return { kind: 'launchd', path: file, text, enable: `launchctl load -w ${shellQuote(file)}` };
  }
  return null;
}

/** systemd splits ExecStart on spaces and expands `%` specifiers and `$` variables: quote and escape. */
export function systemdQuote(arg: string): string {
  const escaped = arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /[\s"\\%$']/.test(arg) || arg === '' ? `"${escaped}"` : escaped;
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const shellQuote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`);
